/**
 * Embedding the library in a program: load a saved model and an index, search for an image file.
 */
package org.transhash.examples.embed;
