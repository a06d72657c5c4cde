package dev.caisson.engine.image;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.image.ImageDeletion.Kind;
import dev.caisson.engine.storage.BlobStore;
import dev.caisson.engine.storage.Digest;
import dev.caisson.engine.storage.Layer;
import dev.caisson.engine.storage.LayerStore;

/**
 * Docker's image removal rules, for one rmi or prune (the caller holds the store's lock and
 * saves the state afterwards):
 * <ul>
 * <li>by name: the tag goes; the image goes too once it has no tag left, unless something
 *     still needs it (a child image, a container). Removing the last tag of an image a
 *     container uses needs force.</li>
 * <li>by ID: all its tags and the image go. Child images and running containers block this
 *     even with force; stopped containers and tags in several repositories need force.</li>
 * <li>then, unless noprune, untagged parents nothing else needs go as well.</li>
 * </ul>
 * One deliberate difference: Docker deletes an image that only stopped containers use when
 * forced; here the image is untagged but kept, because those containers' filesystems are
 * built on its layers and could not start again without them.
 */
final class ImageRemover {
    private final StoreState state;
    private final LayerStore layers;
    private final BlobStore blobs;
    private final Function<String, Image> images;
    private final List<ImageUser> users;
    private final List<ImageDeletion> report = new ArrayList<>();
    private long reclaimed;

    ImageRemover(StoreState state, LayerStore layers, BlobStore blobs, Function<String, Image> images, List<ImageUser> users) {
        this.state = state;
        this.layers = layers;
        this.blobs = blobs;
        this.images = images;
        this.users = List.copyOf(users);
    }

    /** Removes {@code tag} (a normalized name:tag) of image {@code id}, or the image itself when tag is null. */
    List<ImageDeletion> remove(String id, String tag, boolean force, boolean prune) {
        if (tag != null) {
            removeTag(id, tag, force, prune);
        } else {
            removeById(id, force, prune);
        }
        return List.copyOf(report);
    }

    private void removeTag(String id, String tag, boolean force, boolean prune) {
        Image img = images.apply(id);
        Optional<ImageUser> user = user(id, false);
        if (img.repoTags().size() == 1 && !force && user.isPresent()) {
            throw new ConflictException("conflict: unable to remove repository reference \"" + tag + "\" (must force) - container "
                    + user.get().shortId() + " is using its referenced image " + img.shortId());
        }
        untag(id, tag);
        if (img.repoTags().size() == 1 && state.children(id).isEmpty() && user.isEmpty()) {
            delete(img, prune);
        }
    }

    private void removeById(String id, boolean force, boolean prune) {
        Image img = images.apply(id);
        String prefix = "conflict: unable to delete " + img.shortId();
        if (!force && img.repoTags().stream().map(t -> Reference.parse(t).name()).distinct().count() > 1) {
            throw new ConflictException(prefix + " (must be forced) - image is referenced in multiple repositories");
        }
        if (!state.children(id).isEmpty()) {
            throw new ConflictException(prefix + " (cannot be forced) - image has dependent child images");
        }
        Optional<ImageUser> running = user(id, true);
        if (running.isPresent()) {
            throw new ConflictException(prefix + " (cannot be forced) - image is being used by running container "
                    + running.get().shortId());
        }
        Optional<ImageUser> stopped = user(id, false);
        if (stopped.isPresent() && !force) {
            throw new ConflictException(prefix + " (must be forced) - image is being used by stopped container "
                    + stopped.get().shortId());
        }
        img.repoTags().forEach(t -> untag(id, t));
        if (stopped.isEmpty()) {
            delete(img, prune);
        }
    }

    /**
     * Docker's prune: unused images (only untagged ones when {@code danglingOnly}) that pass the
     * filter, repeated until none is left, since deleting a child can free its parent.
     */
    ImagePrune prune(boolean danglingOnly, Predicate<Image> filter) {
        for (boolean more = true; more; ) {
            more = false;
            for (String id : List.copyOf(state.imageIds())) {
                if (!state.imageIds().contains(id) || !state.children(id).isEmpty() || user(id, false).isPresent()) {
                    continue;
                }
                Image img = images.apply(id);
                if ((danglingOnly && !img.repoTags().isEmpty()) || !filter.test(img)) {
                    continue;
                }
                img.repoTags().forEach(t -> untag(id, t));
                delete(img, true);
                more = true;
            }
        }
        return new ImagePrune(report, reclaimed);
    }

    private void untag(String id, String tag) {
        state.untag(tag);
        report.add(new ImageDeletion(Kind.UNTAGGED, tag, id));
    }

    private void delete(Image img, boolean prune) {
        state.removeImage(img.id());
        report.add(new ImageDeletion(Kind.DELETED, img.id(), img.id()));
        deleteUnusedLayers(img);
        blobs.delete(Digest.parse(img.id()));
        String parent = img.parent();
        if (prune && parent != null && state.imageIds().contains(parent) && state.tagsOf(parent).isEmpty()
                && state.children(parent).isEmpty() && user(parent, false).isEmpty()) {
            delete(images.apply(parent), true);
        }
    }

    /** Deletes the removed image's layers, top down, unless a remaining image's chain uses them. */
    private void deleteUnusedLayers(Image removed) {
        Set<Digest> inUse = new HashSet<>();
        for (String other : state.imageIds()) {
            Digest chain = null;
            for (Digest d : images.apply(other).diffIds()) {
                chain = Layer.chainId(chain, d);
                inUse.add(chain);
            }
        }
        for (Digest c = removed.topChainId(); c != null; ) {
            Optional<Layer> l = layers.get(c);
            if (l.isEmpty() || inUse.contains(c)) {
                break; // everything below a shared layer is shared too
            }
            layers.delete(c);
            reclaimed += l.get().size();
            report.add(new ImageDeletion(Kind.LAYER_DELETED, c.toString(), removed.id()));
            c = l.get().parent();
        }
    }

    /** A container using the image: a running one when {@code runningOnly}, else any (running first). */
    private Optional<ImageUser> user(String id, boolean runningOnly) {
        Optional<ImageUser> running = users.stream().filter(u -> u.imageId().equals(id) && u.running()).findFirst();
        if (running.isPresent() || runningOnly) {
            return running;
        }
        return users.stream().filter(u -> u.imageId().equals(id)).findFirst();
    }
}
