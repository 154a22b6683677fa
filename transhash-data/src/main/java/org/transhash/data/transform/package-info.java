/** Image transforms for training and test pipelines, each tested to change pixels as it should. */
package org.transhash.data.transform;
