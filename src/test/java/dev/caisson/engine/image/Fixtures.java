package dev.caisson.engine.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import dev.caisson.engine.storage.BlobStore;
import dev.caisson.engine.storage.Digest;
import dev.caisson.engine.storage.LayerStore;
import dev.caisson.testsupport.TestHost;

/** The archives made by real Docker and skopeo (src/test/resources/fixtures/README.md). */
final class Fixtures {
    static final Path LAYERED_DOCKER = TestHost.fixture("layered-docker-save.tar");
    static final Path LAYERED_OCI = TestHost.fixture("layered-oci.tar");
    static final Path BUSYBOX = TestHost.fixture("busybox-docker-save.tar");
    static final String LAYERED_DOCKER_ID = "sha256:332ff7610e0f3f935e99da203cd1eb7f4bf96fa3a983d5710b9e6743aa7268c7";
    /** skopeo rewrote the config in OCI form, so its bytes (and so the ID) differ from Docker's. */
    static final String LAYERED_OCI_ID = "sha256:509a12a8ada7e7d99851ab9d9e27f322c50bbb4f72c6151b2f061090205cbaa3";
    static final String BUSYBOX_ID = "sha256:84bb18b14f3c37620a476a9209bc12bafb855565ece3ddd33106f1d27b4d3f43";

    private Fixtures() {
    }

    record Stores(BlobStore blobs, LayerStore layers, ImageStore images) {
        List<Image> load(Path archive) throws IOException {
            try (InputStream in = Files.newInputStream(archive)) {
                return images.load(in);
            }
        }

        long blobCount() throws IOException {
            try (var s = Files.list(blobs.path(Digest.of("x")).getParent())) {
                return s.count();
            }
        }
    }

    static Stores stores(Path root) {
        BlobStore blobs = new BlobStore(root.resolve("blobs"));
        LayerStore layers = new LayerStore(root.resolve("layers"), blobs);
        return new Stores(blobs, layers, new ImageStore(root.resolve("images"), blobs, layers));
    }

    /** A copy of an archive with some members' bytes replaced (null from the function keeps them). */
    static byte[] rewrite(Path archive, BiFunction<String, byte[], byte[]> change) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(archive));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] data = in.readAllBytes();
                byte[] replaced = e.isFile() ? change.apply(e.getName(), data) : null;
                if (replaced != null) {
                    data = replaced;
                    e.setSize(data.length);
                }
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
