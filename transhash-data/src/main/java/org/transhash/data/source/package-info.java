/**
 * Dataset readers: IDX (MNIST, Fashion-MNIST), CIFAR binary batches, list files and image folders.
 * Nothing is downloaded; every reader fails with the file and offset (or line) of a problem rather
 * than return a shorter dataset.
 */
package org.transhash.data.source;
