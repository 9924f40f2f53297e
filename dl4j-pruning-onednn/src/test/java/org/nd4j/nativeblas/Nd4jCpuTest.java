package org.nd4j.nativeblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The compatibility class answers exactly the calls {@code BaseMKLDNNHelper.mklDnnEnabled()} (deeplearning4j-nn
 * 1.0.0-M2.1, read with {@code javap -c}) makes: {@code DL4JClassLoading.loadClassByName(
 * "org.nd4j.nativeblas.Nd4jCpu$Environment")}, {@code getMethod("getInstance").invoke(null)},
 * {@code getMethod("isUseMKLDNN").invoke(instance)} cast to {@code Boolean}.
 */
class Nd4jCpuTest {

    @BeforeAll
    static void loadBackend() {
        Nd4j.getBackend();      // as BaseMKLDNNHelper does (Nd4j.getExecutioner()) before it asks
    }

    @Test
    void dl4jsReflectiveCallsSucceedAndReportOneDnnOnTheOneDnnBuild() throws Exception {
        Class<?> env = org.deeplearning4j.config.DL4JClassLoading.loadClassByName("org.nd4j.nativeblas.Nd4jCpu$Environment");
        assertSame(Nd4jCpu.Environment.class, env);
        Method getInstance = env.getMethod("getInstance");
        assertTrue(Modifier.isStatic(getInstance.getModifiers()));
        Object instance = getInstance.invoke(null);
        Object answer = env.getMethod("isUseMKLDNN").invoke(instance);
        assertEquals(Boolean.TRUE, answer, "this module's tests run the -onednn build");
        assertSame(instance, Nd4jCpu.Environment.getInstance());
    }

    @Test
    void answersWhatTheNativeLibrarySays() {
        String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        assertEquals(info.contains(Nd4jCpu.Environment.ONEDNN_BUILD_MARKER)
                        && org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN(),
                Nd4jCpu.Environment.getInstance().isUseMKLDNN());
    }
}
