#!/usr/bin/env bash
# The quality benchmark: TransHash, its ablations (METHOD.md) and CNN baselines, trained on the
# fmnist protocol (seed 0) under the same time budget, each then encoded, indexed and evaluated on
# the full protocol (1,000 queries against 64,000 database images, mAP@all).
#
#   transhash-bench/scripts/quality.sh MINUTES [RUN ...]
#
# Each run trains with the AdamW recipe it was recorded with (--optimizer ADAMW, whose defaults
# are --lr 1e-3 --weight-decay 0.05) unless its flags name an optimiser: the *-sgd* runs use SGD
# with the weight decay they name, 5e-4 unless the name says another (wd1e3: 1e-3; the command's default
# has been --weight-decay 1e-3 since it won on three seeds; the runs before keep 5e-4 to compare).
#
# RUN (default: every one):
#   transhash-16 transhash-32 transhash-64   dual-stream ViT (conv stem, the demo's model until
#                  --preset small-28-residual-d2 replaced it) + TransHash loss
#   single-16 single-32 single-64  no-dual-stream ablation (one head)  patch-32    paper's patch embedding
#   noquant-32     no quantization term (lambda 0)          sigmoid-32  sigmoid likelihood
#   resnet18-dch-32 resnet18-dpsh-32 resnet18-hashnet-32    CNN baselines
#   resnet18-dch-16 resnet18-dch-64                         the DCH baseline at 16 and 64 bits
#   resnet18-dpsh-16 resnet18-dpsh-64 resnet18-hashnet-16 resnet18-hashnet-64  the others at 16 and 64
#   full-32        transhash-32 on fmnist-full (60,000 training images)
#   hybrid-32      transhash-32 with the residual (hybrid) stem   hybrid-single-32  its ablation
#   hybrid-64 hybrid-single-64   the same at 64 bits (the paper's ablation width: 16-bit local heads)
#   hybrid-full-32 hybrid-32 on fmnist-full (60,000 training images)
#   k1-32          transhash-32 with one local stream (K = 1: 16 global + 16 local bits)
#   hybrid-k1-32   hybrid-32 with K = 1
#   hybrid-k1-ema-32  hybrid-k1-32 validated and kept with a moving average of the weights (--ema 0.998)
#   localnorm-32   transhash-32 with the final LayerNorm on the local streams too (--local-norm)
#   hybrid-localnorm-32  hybrid-32 with --local-norm
#   hybrid-erase-32  hybrid-32 with random erasing of a quarter of the training images (--erase 0.25)
#   hybrid-lr2-32  hybrid-32 at twice the learning rate (--lr 2e-3)
#   hybrid-d4-32 hybrid-d2-32  hybrid-32 with 4 or 2 encoder blocks in place of 6 (--depth): cheaper
#                  steps, so more of them in the budget (--preset small-28-residual-d2 is the second,
#                  the demo's model from 09da6ae until the narrow stem's)
#   hybrid-single-d2-32  hybrid-d2-32's no-dual-stream ablation (one head, 2 encoder blocks)
#   hybrid-d2-b128-32  hybrid-d2-32 with batches of 128 (four times the pairs per step)
#   hybrid-d2-hl10-32  hybrid-d2-32 with the hash layers at 10 times the backbone's learning rate
#   hybrid-d2-16 hybrid-d2-64  hybrid-d2-32 at 16 and 64 bits
#   narrow-d2-16 narrow-d2-32 narrow-d2-64  hybrid-d2 with the narrow residual stem (half the
#                  widths: --preset small-28-residual-narrow-d2, the demo's model since it was measured)
#   narrow-d2-all-32  narrow-d2-32 trained on all 5,000 training images (--validation 0: no held-out
#                  split, the last epoch is kept)
#   narrow-d2-mirror-32  narrow-d2-32 encoding mirror-averaged codes (--test-time mirror: each image's
#                  outputs averaged with its mirror image's, for validation, database and queries;
#                  scripts/reencode.sh scores finished runs that way, or this one without it)
#   narrow-d2-mirror-16 narrow-d2-mirror-64  narrow-d2-mirror-32 at 16 and 64 bits (local heads of
#                  4 and 16 bits)
#   narrow-d2-mirror-onese-32  narrow-d2-mirror-32 keeping the latest epoch within one standard
#                  error of the best validation mAP (--keep-epoch one-se) instead of the best
#   narrow-d2-mirror-b128-32  narrow-d2-mirror-32 with batches of 128 (four times the pairs per step;
#                  with the narrow stem a step of 128 costs what two of 64 do)
#   narrow-d2-mirror-b32-32  narrow-d2-mirror-32 with batches of 32 (twice the steps, a quarter of the
#                  pairs each: batches of 128 lost 0.008, so the other way)
#   narrow-d2-mirrorshift-32  narrow-d2-mirror-32 trained and encoded with --test-time mirror-shift
#                  (the mirror's views and the image moved a pixel up and down: four forward passes)
#   narrow-d2-mirror-all-32  narrow-d2-mirror-32 trained on all 5,000 training images (--validation 0:
#                  no held-out split, the last epoch is kept)
#   narrow-d2-mirror-g10-32  narrow-d2-mirror-32 with the Cauchy scale gamma at 10, not 20 (--gamma 10:
#                  the dual stream's heads have 16 and 8 bits, so 20 lies beyond their distances)
#   narrow-d2-mirror-g40-32  the same with gamma at 40 (--gamma 40: gamma 10 lost, so the other way)
#   narrow-d2-mirror-lr05-32  narrow-d2-mirror-32 at half the learning rate (--lr 5e-4: twice it cost
#                  the six-block hybrid 0.10, so 1e-3 may sit near the edge)
#   narrow-d2-mirror-lr15-32  the same at 1.5 times it (--lr 1.5e-3: half of it lagged all run long)
#   narrow-d2-mirror-wd01-32  narrow-d2-mirror-32 at twice the weight decay (--weight-decay 0.1:
#                  4,500 training images are few for a transformer)
#   narrow-d2-mlp2-mirror-32  narrow-d2-mirror-32 with MLPs of 2 D hidden units, not 4 D (--preset
#                  small-28-residual-narrow-d2-mlp2: a step about 0.85 as long, so more of them)
#   narrow-d2-dropout-mirror-32  narrow-d2-mirror-32 with dropout 0.1 in the encoder blocks (--preset
#                  small-28-residual-narrow-d2-dropout: the training loss nears its floor while
#                  validation stalls, so regularise)
#   narrow-d2-mirror-pad2-32  narrow-d2-mirror-32 with the random crop moving images up to 2 pixels,
#                  not 4 (--crop-padding 2: Fashion-MNIST's test images are centred)
#   narrow-d2-mirror-pad6-32  the same moving them up to 6 pixels (--crop-padding 6: at 2 the kept
#                  epoch tested 0.015 lower, so the other way; its last epoch tested 0.002 higher)
#   narrow-d2-mirror-l03-32  narrow-d2-mirror-32 with three times the quantization weight (--lambda
#                  0.3: lambda 0 cost the early conv-stem model 0.013 mAP@all, and it was never tuned)
#   narrow-d3-mirror-32  narrow-d2-mirror-32 with a third encoder block (--depth 3: the two-block
#                  model lacks width past about 4,300 steps, and a block costs a fifth of a step)
#   narrow-d2-mirror-ra2-32  narrow-d2-mirror-32 with repeated augmentation (--repeat-augment 2: each
#                  batch holds 32 images twice, each view cropped and flipped on its own; DeiT's aid
#                  for transformers on little data, with the same steps)
#   narrow-d2-mirror-xbm1k-32  narrow-d2-mirror-32 with a cross-batch memory of 1,024 images from
#                  step 500 (--cross-batch-memory 1024: each image pairs with 1,087 others a step,
#                  not 63, for a larger matrix product)
#   narrow-d2-mirror-erase-32  narrow-d2-mirror-32 with random erasing of a quarter of the training
#                  images (--erase 0.25: the one aid of DeiT's recipe not yet tried on the two-block
#                  narrow model; on the six-block hybrid it lost, in a slower session)
#   narrow-d2-mirror-affine-32  narrow-d2-mirror-32 with a random rotation within 10 degrees and a
#                  change of size within 10 % of each training image (--rotate 10 --zoom 0.1:
#                  torchvision's RandomAffine, a common aid on Fashion-MNIST; the crop moves it)
#   narrow-d2-mirror-mixup-32  narrow-d2-mirror-32 with mixup of training batches (--mixup 0.2: a
#                  share from Beta(0.2, 0.2), mostly mild blends; pairs then similar to a degree)
#   narrow-d2-mirror-cutmix-32  narrow-d2-mirror-32 with CutMix of training batches (--cutmix 1:
#                  a rectangle of another image, a share from Beta(1, 1), as Yun et al.)
#   narrow-d2-wide-mirror-32  narrow-d2-mirror-32 at D 256 with 4 heads, not D 192 with 3 (--preset
#                  small-28-residual-narrow-d2-wide: halving the MLP lost with more steps, so
#                  the other way: wider, with fewer steps)
#   narrow-d2-drop-path-mirror-32  narrow-d2-mirror-32 with stochastic depth 0.1 in the global and
#                  local blocks (--preset small-28-residual-narrow-d2-drop-path: regularisation that,
#                  unlike dropout, costs about 2 % of the step, not a quarter)
#   narrow-d2-mirror-tanh-32  narrow-d2-mirror-32 with tanh on the hash outputs (--tanh: METHOD.md's
#                  option, never run on this model; the outputs stay within (-1, 1), so the
#                  quantization term and the mirror's average see bounded values)
#   narrow-d2-mirror-tanh-ln-32  the same with the final LayerNorm on the local class tokens too
#                  (--tanh --local-norm: without it the local heads' outputs saturate, and the
#                  tanh run stalled near 0.45 validation mAP)
#   narrow-d2-mirror-wu400-32  narrow-d2-mirror-32 warming up over 400 steps, not 100 (--warmup 400:
#                  about five epochs, as DeiT's recipe; the one schedule setting never varied)
#   narrow-d2-mirror-wd001-32  narrow-d2-mirror-32 at a fifth of the weight decay (--weight-decay
#                  0.01: twice it lost 0.006, so the other way)
#   lite-d2-mirror-32  narrow-d2-mirror-32 with the lite stem (--preset small-28-residual-lite-d2: one
#                  basic block a resolution, the benchmark's step 0.83 as long: every cheaper step so
#                  far, the narrow stem and 2 encoder blocks, paid for itself in steps)
#   narrow-d2-mirror-sgd01-32  narrow-d2-mirror-32 trained with SGD, as the paper (--optimizer SGD
#                  --lr 0.1 --weight-decay 5e-4, momentum 0.9: in six-minute probes it validated
#                  0.754 against AdamW's 0.728)
#   narrow-d2-mirrorshift-sgd01-32  the same encoding and validating with four views
#                  (--test-time mirror-shift: on the five AdamW seeds it added 0.0025 to the mirror;
#                  seed 0's SGD model re-encoded with it lost 0.0012)
#   resnet18-dch-sgd01-32  resnet18-dch-32 trained with the same SGD (the CNN baseline given the
#                  optimiser that lifted the hybrid ViT; ResNets are usually trained with it)
#   narrow-d2-mirror-sgd007-32 narrow-d2-mirror-sgd015-32  narrow-d2-mirror-sgd01-32 at a learning
#                  rate of 0.07 or 0.15 (the six-minute probes could not tell 0.1 from its neighbours)
#   narrow-d2-mirror-sgd01-wd1e3-32 narrow-d2-mirror-sgd01-wd1e4-32  narrow-d2-mirror-sgd01-32 at
#                  twice or a fifth of the weight decay (--weight-decay 1e-3 or 1e-4: the paper's 1e-4)
#   narrow-d2-mirror-sgd01-wd2e3-32  narrow-d2-mirror-sgd01-32 at four times the weight decay
#                  (--weight-decay 2e-3: twice it won on three seeds, so one step further)
#   narrow-d2-mirror-sgd007-wd1e3-32  narrow-d2-mirror-sgd01-wd1e3-32 (the command's default since
#                  1e-3 won on three seeds) at a learning rate of 0.07
#   narrow-d2-mirrorshift-sgd01-wd1e3-32  the same at 0.1, validating and encoding with four views
#                  (--test-time mirror-shift: seed 0's model at 1e-3 re-encoded with it scored 0.8500)
# RUN@SEED (for example hybrid-k1-32@1) repeats a run with another --seed (weights, shuffles,
# augmentation and the validation split; the test split is the protocol's, the same for every seed)
# into NAME-seedSEED-MINUTESmin/.
# Every run writes bench-out/quality/NAME-MINUTESmin/ (model, log, codes, report); the tables of
# every run there (figures and validation learning curves) go to bench-out/quality/table.md, the
# learning curves of this budget's runs to bench-out/quality/curves-MINUTESmin.png.
# Runs are sequential: 2 cores. A run whose folder exists is skipped (move it away to rerun it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
minutes="${1:?usage: quality.sh MINUTES [RUN ...]}"
shift
runs=("$@")
if [ ${#runs[@]} -eq 0 ]; then
  runs=(transhash-16 transhash-32 transhash-64 single-16 single-32 single-64 patch-32 noquant-32 sigmoid-32
        resnet18-dch-32 resnet18-dpsh-32 resnet18-hashnet-32 resnet18-dch-16 resnet18-dch-64
        resnet18-dpsh-16 resnet18-dpsh-64 resnet18-hashnet-16 resnet18-hashnet-64 full-32
        hybrid-32 hybrid-single-32 hybrid-64 hybrid-single-64 hybrid-full-32 k1-32 hybrid-k1-32
        hybrid-k1-ema-32 localnorm-32 hybrid-localnorm-32 hybrid-erase-32 hybrid-lr2-32
        hybrid-d4-32 hybrid-d2-32 hybrid-single-d2-32 hybrid-d2-b128-32
        hybrid-d2-hl10-32 hybrid-d2-16 hybrid-d2-64 narrow-d2-16 narrow-d2-32 narrow-d2-64
        narrow-d2-all-32 narrow-d2-mirror-32 narrow-d2-mirror-16 narrow-d2-mirror-64
        narrow-d2-mirror-onese-32
        narrow-d2-mirror-b128-32 narrow-d2-mirrorshift-32 narrow-d2-mirror-all-32
        narrow-d2-mirror-g10-32 narrow-d2-mirror-g40-32
        narrow-d2-mirror-lr05-32 narrow-d2-mirror-lr15-32 narrow-d2-mirror-wd01-32
        narrow-d2-mlp2-mirror-32 narrow-d2-dropout-mirror-32 narrow-d2-mirror-pad2-32
        narrow-d2-mirror-pad6-32 narrow-d2-mirror-l03-32 narrow-d3-mirror-32
        narrow-d2-mirror-ra2-32 narrow-d2-mirror-xbm1k-32 narrow-d2-mirror-erase-32
        narrow-d2-mirror-affine-32 narrow-d2-mirror-b32-32 narrow-d2-wide-mirror-32
        narrow-d2-mirror-mixup-32 narrow-d2-mirror-cutmix-32 narrow-d2-drop-path-mirror-32
        narrow-d2-mirror-tanh-32 narrow-d2-mirror-tanh-ln-32 narrow-d2-mirror-wu400-32
        narrow-d2-mirror-wd001-32 lite-d2-mirror-32 narrow-d2-mirror-sgd01-32
        narrow-d2-mirrorshift-sgd01-32 resnet18-dch-sgd01-32 narrow-d2-mirror-sgd007-32
        narrow-d2-mirror-sgd015-32 narrow-d2-mirror-sgd01-wd1e3-32 narrow-d2-mirror-sgd01-wd1e4-32
        narrow-d2-mirror-sgd01-wd2e3-32 narrow-d2-mirror-sgd007-wd1e3-32
        narrow-d2-mirrorshift-sgd01-wd1e3-32)
fi
out="$root/bench-out/quality"
mkdir -p "$out"
# narrow-d2-mirror-32's flags, which its variants extend by one
mirror="--preset small-28-residual-narrow-d2 --bits 32 --test-time mirror"
# the paper's optimiser at a learning rate and weight decay
sgd_at() { echo "--optimizer SGD --lr $1 --weight-decay $2"; }
# at the learning rate the six-minute probes chose and the weight decay recorded with it
sgd=$(sgd_at 0.1 5e-4)
flags() {
  case "$1" in
    transhash-16) echo "--preset small-28-conv --bits 16" ;;
    transhash-32) echo "--preset small-28-conv --bits 32" ;;
    transhash-64) echo "--preset small-28-conv --bits 64" ;;
    single-16) echo "--model vit --preset small-28-conv --bits 16" ;;
    single-32) echo "--model vit --preset small-28-conv --bits 32" ;;
    single-64) echo "--model vit --preset small-28-conv --bits 64" ;;
    patch-32) echo "--preset small-28 --bits 32" ;;
    noquant-32) echo "--preset small-28-conv --lambda 0 --bits 32" ;;
    sigmoid-32) echo "--preset small-28-conv --likelihood sigmoid --bits 32" ;;
    resnet18-dch-32) echo "--model resnet18 --loss dch --bits 32" ;;
    resnet18-dpsh-32) echo "--model resnet18 --loss dpsh --bits 32" ;;
    resnet18-hashnet-32) echo "--model resnet18 --loss hashnet --bits 32" ;;
    resnet18-dch-16) echo "--model resnet18 --loss dch --bits 16" ;;
    resnet18-dch-64) echo "--model resnet18 --loss dch --bits 64" ;;
    resnet18-dpsh-16) echo "--model resnet18 --loss dpsh --bits 16" ;;
    resnet18-dpsh-64) echo "--model resnet18 --loss dpsh --bits 64" ;;
    resnet18-hashnet-16) echo "--model resnet18 --loss hashnet --bits 16" ;;
    resnet18-hashnet-64) echo "--model resnet18 --loss hashnet --bits 64" ;;
    full-32) echo "--protocol fmnist-full --preset small-28-conv --bits 32" ;;
    hybrid-32) echo "--preset small-28-residual --bits 32" ;;
    hybrid-single-32) echo "--model vit --preset small-28-residual --bits 32" ;;
    hybrid-64) echo "--preset small-28-residual --bits 64" ;;
    hybrid-single-64) echo "--model vit --preset small-28-residual --bits 64" ;;
    hybrid-full-32) echo "--protocol fmnist-full --preset small-28-residual --bits 32" ;;
    k1-32) echo "--groups 1 --preset small-28-conv --bits 32" ;;
    hybrid-k1-32) echo "--groups 1 --preset small-28-residual --bits 32" ;;
    hybrid-k1-ema-32) echo "--groups 1 --preset small-28-residual --bits 32 --ema 0.998" ;;
    localnorm-32) echo "--local-norm --preset small-28-conv --bits 32" ;;
    hybrid-localnorm-32) echo "--local-norm --preset small-28-residual --bits 32" ;;
    hybrid-erase-32) echo "--preset small-28-residual --bits 32 --erase 0.25" ;;
    hybrid-lr2-32) echo "--preset small-28-residual --bits 32 --lr 2e-3" ;;
    hybrid-d4-32) echo "--preset small-28-residual --depth 4 --bits 32" ;;
    hybrid-d2-32) echo "--preset small-28-residual --depth 2 --bits 32" ;;
    hybrid-d2-16) echo "--preset small-28-residual --depth 2 --bits 16" ;;
    hybrid-d2-64) echo "--preset small-28-residual --depth 2 --bits 64" ;;
    hybrid-single-d2-32) echo "--model vit --preset small-28-residual --depth 2 --bits 32" ;;
    hybrid-d2-b128-32) echo "--preset small-28-residual --depth 2 --bits 32 --batch 128" ;;
    hybrid-d2-hl10-32) echo "--preset small-28-residual --depth 2 --bits 32 --head-lr-factor 10" ;;
    narrow-d2-16) echo "--preset small-28-residual-narrow-d2 --bits 16" ;;
    narrow-d2-32) echo "--preset small-28-residual-narrow-d2 --bits 32" ;;
    narrow-d2-64) echo "--preset small-28-residual-narrow-d2 --bits 64" ;;
    narrow-d2-all-32) echo "--preset small-28-residual-narrow-d2 --bits 32 --validation 0" ;;
    narrow-d2-mirror-32) echo "$mirror" ;;
    narrow-d2-mirror-16) echo "${mirror/--bits 32/--bits 16}" ;;
    narrow-d2-mirror-64) echo "${mirror/--bits 32/--bits 64}" ;;
    narrow-d2-mirror-onese-32) echo "$mirror --keep-epoch one-se" ;;
    narrow-d2-mirror-b128-32) echo "$mirror --batch 128" ;;
    narrow-d2-mirror-b32-32) echo "$mirror --batch 32" ;;
    narrow-d2-mirrorshift-32)
      echo "--preset small-28-residual-narrow-d2 --bits 32 --test-time mirror-shift" ;;
    narrow-d2-mirror-all-32) echo "$mirror --validation 0" ;;
    narrow-d2-mirror-g10-32) echo "$mirror --gamma 10" ;;
    narrow-d2-mirror-g40-32) echo "$mirror --gamma 40" ;;
    narrow-d2-mirror-lr05-32) echo "$mirror --lr 5e-4" ;;
    narrow-d2-mirror-lr15-32) echo "$mirror --lr 1.5e-3" ;;
    narrow-d2-mirror-wd01-32) echo "$mirror --weight-decay 0.1" ;;
    narrow-d2-mlp2-mirror-32) echo "${mirror/narrow-d2/narrow-d2-mlp2}" ;;
    narrow-d2-dropout-mirror-32) echo "${mirror/narrow-d2/narrow-d2-dropout}" ;;
    narrow-d2-wide-mirror-32) echo "${mirror/narrow-d2/narrow-d2-wide}" ;;
    narrow-d2-drop-path-mirror-32) echo "${mirror/narrow-d2/narrow-d2-drop-path}" ;;
    narrow-d2-mirror-pad2-32) echo "$mirror --crop-padding 2" ;;
    narrow-d2-mirror-pad6-32) echo "$mirror --crop-padding 6" ;;
    narrow-d2-mirror-l03-32) echo "$mirror --lambda 0.3" ;;
    narrow-d3-mirror-32) echo "$mirror --depth 3" ;;
    narrow-d2-mirror-ra2-32) echo "$mirror --repeat-augment 2" ;;
    narrow-d2-mirror-xbm1k-32) echo "$mirror --cross-batch-memory 1024" ;;
    narrow-d2-mirror-erase-32) echo "$mirror --erase 0.25" ;;
    narrow-d2-mirror-affine-32) echo "$mirror --rotate 10 --zoom 0.1" ;;
    narrow-d2-mirror-mixup-32) echo "$mirror --mixup 0.2" ;;
    narrow-d2-mirror-cutmix-32) echo "$mirror --cutmix 1" ;;
    narrow-d2-mirror-tanh-32) echo "$mirror --tanh" ;;
    narrow-d2-mirror-tanh-ln-32) echo "$mirror --tanh --local-norm" ;;
    narrow-d2-mirror-wu400-32) echo "$mirror --warmup 400" ;;
    narrow-d2-mirror-wd001-32) echo "$mirror --weight-decay 0.01" ;;
    lite-d2-mirror-32) echo "${mirror/narrow-d2/lite-d2}" ;;
    narrow-d2-mirror-sgd01-32) echo "$mirror $sgd" ;;
    narrow-d2-mirrorshift-sgd01-32) echo "${mirror/mirror/mirror-shift} $sgd" ;;
    resnet18-dch-sgd01-32) echo "$(flags resnet18-dch-32) $sgd" ;;
    narrow-d2-mirror-sgd007-32) echo "$mirror $(sgd_at 0.07 5e-4)" ;;
    narrow-d2-mirror-sgd015-32) echo "$mirror $(sgd_at 0.15 5e-4)" ;;
    narrow-d2-mirror-sgd01-wd1e3-32) echo "$mirror $(sgd_at 0.1 1e-3)" ;;
    narrow-d2-mirror-sgd01-wd1e4-32) echo "$mirror $(sgd_at 0.1 1e-4)" ;;
    narrow-d2-mirror-sgd01-wd2e3-32) echo "$mirror $(sgd_at 0.1 2e-3)" ;;
    narrow-d2-mirror-sgd007-wd1e3-32) echo "$mirror $(sgd_at 0.07 1e-3)" ;;
    narrow-d2-mirrorshift-sgd01-wd1e3-32) echo "${mirror/mirror/mirror-shift} $(sgd_at 0.1 1e-3)" ;;
    *) echo "quality.sh: unknown run $1" >&2; exit 2 ;;
  esac
}
for spec in "${runs[@]}"; do
  run="${spec%@*}"
  args=$(flags "$run")
  # A run that names no optimiser keeps the AdamW recipe it was recorded with (AdamW's own
  # learning rate and weight decay are the command's defaults for it): SGD became the command's
  # default only after every such run in BENCHMARKS.md.
  [[ $args == *--optimizer* ]] || args="$args --optimizer ADAMW"
  dir="$out/$run-${minutes}min"
  if [ "$spec" != "$run" ]; then
    seed="${spec##*@}"
    [[ "$seed" =~ ^[0-9]+$ ]] || { echo "quality.sh: bad seed in $spec (RUN@SEED, SEED a number)" >&2; exit 2; }
    args="$args --seed $seed"
    dir="$out/$run-seed$seed-${minutes}min"
  fi
  if [ -e "$dir" ]; then
    echo "quality.sh: $dir exists (an earlier run); move it away to rerun $spec" >&2
    continue
  fi
  echo "== $run: ./transhash demo --minutes $minutes --epochs 200 $args --out $dir" >&2
  # shellcheck disable=SC2086
  "$root/transhash" demo --minutes "$minutes" --epochs 200 --out "$dir" $args \
    > "$dir.log" 2>&1 || { echo "$run failed: $dir.log" >&2; tail -5 "$dir.log" >&2; }
  grep -E "^(trained|mAP|P@H)" "$dir.log" >&2 || true
done
python3 - "$out" <<'PY'
import csv, json, os, sys
out = sys.argv[1]
rows, curves = [], []
for name in sorted(os.listdir(out)):
    d = os.path.join(out, name)
    summary = os.path.join(d, "report", "summary.csv")
    model = os.path.join(d, "model", "model.json")
    if not (os.path.isfile(summary) and os.path.isfile(model)):
        continue
    s = next(csv.DictReader(open(summary)))
    m = json.load(open(model))
    p = m["provenance"]
    budget = m["training"].get("time_budget_seconds")
    rows.append((name, "%.0f" % (budget / 60) if budget else "-", m["model"], m["spec"]["vit_preset"] if m["model"].startswith("vit") else "-",
                 m["loss"], s["bits"], s["protocol"], float(s["map"]), float(s["p_at_h2"]),
                 p["seconds"], int(p["steps"]), len(p["epoch_losses"]), int(p["best_epoch"])))
    curves.append((name, p["validation_maps"]))
with open(os.path.join(out, "table.md"), "w") as f:
    f.write("2 cores; mAP@all and P@H<=2 of the 1,000 test queries against the database.\n\n")
    f.write("| run | budget (min) | model | preset | loss | bits | protocol | mAP@all | P@H<=2 | training s | steps | epochs | kept epoch |\n")
    f.write("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
    for r in rows:
        f.write("| %s | %s | %s | %s | %s | %s | %s | %.4f | %.4f | %.0f | %d | %d | %d |\n" % r)
    f.write("\nValidation mAP per epoch (10 % of the training images held out; each half of them as\n"
            "queries against the other since 097f52e, the first half against the second before):\n\n")
    for name, c in curves:
        f.write("- %s: %s\n" % (name, " ".join("%.3f" % v for v in c)))
print(open(os.path.join(out, "table.md")).read())
PY
# learning curves at equal time of this budget's validated runs (validation mAP over training minutes)
logs=()
for d in "$out"/*-"${minutes}"min; do
  [ -f "$d/train.jsonl" ] && [ -f "$d/report/summary.csv" ] && grep -q '"validation_map"' "$d/train.jsonl" \
    && logs+=("$d")
done
if [ ${#logs[@]} -gt 0 ]; then
  "$root/transhash" curves "${logs[@]}" --x minutes --out "$out/curves-${minutes}min.png" >&2 \
    || echo "quality.sh: the learning curves could not be drawn" >&2
fi
