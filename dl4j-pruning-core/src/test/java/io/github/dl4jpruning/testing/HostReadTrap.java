package io.github.dl4jpruning.testing;

import java.nio.ByteBuffer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.cpu.nativecpu.buffer.FloatBuffer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float buffer that fails on every Java-side element read (getFloat, getDouble, asFloat, asNio, dup...) once
 * armed, while native ops still read and write it through its pointer: an array backed by it proves that the
 * code under test never copies its values to the Java heap, as required on the GPU, where such a read is a
 * device-to-host copy. CPU backend only.
 */
public final class HostReadTrap extends FloatBuffer {

    private volatile boolean armed;

    private HostReadTrap(float[] data) {
        super(data);
    }

    /**
     * A rank-1 array over a trap buffer, disarmed.
     *
     * @param values the initial values
     * @return the array and its buffer
     */
    public static Trapped of(float... values) {
        HostReadTrap buffer = new HostReadTrap(values);
        return new Trapped(Nd4j.create(buffer, new long[] {values.length}), buffer);
    }

    /**
     * An array and its trap.
     *
     * @param array the array
     * @param trap its buffer
     */
    public record Trapped(INDArray array, HostReadTrap trap) {
    }

    /** Makes every Java-side read fail from now on. */
    public void arm() {
        armed = true;
    }

    /** Allows Java-side reads again (to check results). */
    public void disarm() {
        armed = false;
    }

    private void check(String what) {
        if (armed) {
            throw new AssertionError("host read of a device buffer: " + what);
        }
    }

    @Override
    public double getDouble(long i) {
        check("getDouble");
        return super.getDouble(i);
    }

    @Override
    public float getFloat(long i) {
        check("getFloat");
        return super.getFloat(i);
    }

    @Override
    public Number getNumber(long i) {
        check("getNumber");
        return super.getNumber(i);
    }

    @Override
    public int getInt(long i) {
        check("getInt");
        return super.getInt(i);
    }

    @Override
    public long getLong(long i) {
        check("getLong");
        return super.getLong(i);
    }

    @Override
    public float[] asFloat() {
        check("asFloat");
        return super.asFloat();
    }

    @Override
    public double[] asDouble() {
        check("asDouble");
        return super.asDouble();
    }

    @Override
    public ByteBuffer asNio() {
        check("asNio");
        return super.asNio();
    }

    @Override
    public byte[] asBytes() {
        check("asBytes");
        return super.asBytes();
    }

    @Override
    public DataBuffer dup() {
        check("dup");
        return super.dup();
    }
}
