package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.engine.PruningCheckpoint;
import io.github.dl4jpruning.internal.Json;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.report.PruningReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Writes and edits model zips for the persist tests: format 1 as the earlier save wrote it, raw entries, edits. */
final class ModelFiles {

    /** Format 1's keys for {@code ModelSerializer.addObjectToFile} (entries {@code objects/<key>}). */
    static final String V1_STATE = "dl4jpruning_state";
    static final String V1_MASK = "dl4jpruning_mask";
    static final String V1_GRADIENTS = "dl4jpruning_gradients";
    static final String V1_REWIND = "dl4jpruning_rewind";

    private ModelFiles() {
    }

    /**
     * The state JSON of a checkpoint, with a chosen format number, as both formats write it.
     *
     * @param c the checkpoint
     * @param format the format number to write
     * @return the JSON
     */
    static String stateJson(PruningCheckpoint c, int format) {
        return Json.write(state(c, format, c.roundsCompleted(), c.currentDensity(), c.history()));
    }

    /**
     * A state with some fields replaced.
     *
     * @param c the checkpoint
     * @param format the format number
     * @param rounds roundsCompleted
     * @param density currentDensity
     * @param history the reports
     * @return the state
     */
    static SavedState state(PruningCheckpoint c, int format, int rounds, double density, List<PruningReport> history) {
        return new SavedState(format, c.config().toJson(), rounds, density,
                c.params().stream().map(PrunableParam::id).toList(),
                c.params().stream().map(PrunableParam::offset).toList(),
                c.params().stream().map(PrunableParam::length).toList(), history, c.gradientBatches());
    }

    /**
     * Writes a model file exactly as format 1's {@code PrunedModels.save} did: {@code ModelSerializer.writeModel},
     * then one {@code addObjectToFile} per pruning entry (a serialized String, serialized byte[]s of NumPy bytes).
     *
     * @param model the network
     * @param file the file
     * @param stateJson the state JSON
     * @param mask the mask
     * @param gradients the gradient accumulator, or null
     * @param rewind the rewind weights, or null
     */
    static void writeFormat1(Model model, Path file, String stateJson, INDArray mask, INDArray gradients,
            INDArray rewind) throws IOException {
        ModelSerializer.writeModel(model, file.toFile(), true);
        ModelSerializer.addObjectToFile(file.toFile(), V1_STATE, stateJson);
        ModelSerializer.addObjectToFile(file.toFile(), V1_MASK, Nd4j.toNpyByteArray(mask));
        if (gradients != null) {
            ModelSerializer.addObjectToFile(file.toFile(), V1_GRADIENTS, Nd4j.toNpyByteArray(gradients));
        }
        if (rewind != null) {
            ModelSerializer.addObjectToFile(file.toFile(), V1_REWIND, Nd4j.toNpyByteArray(rewind));
        }
    }

    /**
     * Writes a model file in format 2's layout: {@code ModelSerializer.writeModel}, then raw entries.
     *
     * @param model the network
     * @param file the file
     * @param stateJson the state JSON
     * @param mask the mask
     */
    static void writeFormat2(Model model, Path file, String stateJson, INDArray mask) throws IOException {
        Path plain = file.resolveSibling(file.getFileName() + ".plain");
        ModelSerializer.writeModel(model, plain.toFile(), true);
        Map<String, byte[]> add = new LinkedHashMap<>();
        add.put(PrunedModels.STATE_ENTRY, stateJson.getBytes(StandardCharsets.UTF_8));
        add.put(PrunedModels.MASK_ENTRY, Nd4j.toNpyByteArray(mask));
        edit(plain, file, add);
        Files.delete(plain);
    }

    /**
     * Writes a file in either format.
     *
     * @param format 1 or 2
     * @param model the network
     * @param file the file
     * @param stateJson the state JSON
     * @param mask the mask
     */
    static void write(int format, Model model, Path file, String stateJson, INDArray mask) throws IOException {
        if (format == 1) {
            writeFormat1(model, file, stateJson, mask, null, null);
        } else {
            writeFormat2(model, file, stateJson, mask);
        }
    }

    /**
     * Copies a zip, replacing, adding or (null value) removing entries; untouched entries keep their bytes.
     *
     * @param in the source zip
     * @param out the edited copy
     * @param changes entry name to new bytes, or to null to remove it
     */
    static void edit(Path in, Path out, Map<String, byte[]> changes) throws IOException {
        Map<String, byte[]> left = new LinkedHashMap<>(changes);
        try (ZipFile zip = new ZipFile(in.toFile());
                ZipOutputStream zos = new ZipOutputStream(Files.newOutputStream(out))) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry en = entries.nextElement();
                if (left.containsKey(en.getName())) {
                    byte[] b = left.remove(en.getName());
                    if (b != null) {
                        put(zos, en.getName(), b);
                    }
                    continue;
                }
                zos.putNextEntry(new ZipEntry(en.getName()));
                try (InputStream is = zip.getInputStream(en)) {
                    is.transferTo(zos);
                }
                zos.closeEntry();
            }
            for (Map.Entry<String, byte[]> e : left.entrySet()) {
                if (e.getValue() != null) {
                    put(zos, e.getKey(), e.getValue());
                }
            }
        }
    }

    private static void put(ZipOutputStream zos, String name, byte[] b) throws IOException {
        zos.putNextEntry(new ZipEntry(name));
        zos.write(b);
        zos.closeEntry();
    }

    /**
     * The bytes of one entry.
     *
     * @param file the zip
     * @param name the entry name
     * @return the bytes
     */
    static byte[] entry(Path file, String name) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry(name);
            if (e == null) {
                throw new IllegalStateException(file + " has no entry " + name);
            }
            try (InputStream in = zip.getInputStream(e)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The entry names of a zip.
     *
     * @param file the zip
     * @return the names, in order
     */
    static List<String> names(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
