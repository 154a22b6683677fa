/**
 * Files: numpy {@code .npy} arrays, the framed binary format of this project's own files, atomic
 * writes, and the exceptions for files that cannot be read.
 */
package org.transhash.api.io;
