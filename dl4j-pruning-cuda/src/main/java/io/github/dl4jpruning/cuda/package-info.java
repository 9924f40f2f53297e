/**
 * The CUDA provider of core's {@link io.github.dl4jpruning.spi.MaskKernels} SPI: device-resident masks, one mask
 * replica per device for multi-GPU training, device-side counts. Found by {@link java.util.ServiceLoader}; active
 * only when ND4J's backend is CUDA. Depends on core and the ND4J API only.
 */
package io.github.dl4jpruning.cuda;
