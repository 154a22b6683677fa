/** CNN baselines (AlexNet, ResNet-18/34/50) with hash layers, built as torchvision builds them. */
package org.transhash.backbone.cnn;
