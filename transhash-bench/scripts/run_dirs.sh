# Helpers of the scripts that score finished quality.sh runs again (reencode.sh, snapshots.sh):
# sourced, not run.

# check_test_time SCRIPT VALUE: exits 2 unless VALUE is a test-time augmentation that encode knows.
check_test_time() {
  case "$2" in mirror|none|mirror-shift) ;;
    *) echo "$1: --test-time is mirror, none or mirror-shift, not $2" >&2; exit 2 ;;
  esac
}

# field FILE COLUMN: one column of a report's summary.csv, by name.
field() {
  python3 -c 'import csv,sys; print(next(csv.DictReader(open(sys.argv[1])))[sys.argv[2]])' "$1" "$2"
}
