/** Test helpers shared with the other modules through transhash-api's test-jar. */
package org.transhash.api.testing;
