package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.UserConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Opens the git repository notes are written in, and says who writes them. */
final class NotesRepository {

    private NotesRepository() {}

    /** The repository at or above {@code dir}. */
    static Repository open(Path dir) {
        try {
            FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toAbsolutePath().toFile());
            if (b.getGitDir() == null) {
                throw new InvalidInputException(dir.toString(), "not a git repository (or any parent)");
            }
            return b.setMustExist(true).build();
        } catch (IOException e) {
            throw new InvalidInputException(dir.toString(), "cannot open the git repository: " + e.getMessage(), e);
        }
    }

    /** The repository's {@code user.name}/{@code user.email}, else {@code aigov <aigov@localhost>}. */
    static PersonIdent writer(Repository repo) {
        UserConfig u = repo.getConfig().get(UserConfig.KEY);
        String name = u.isAuthorNameImplicit() ? "aigov" : u.getAuthorName();
        String email = u.isAuthorEmailImplicit() ? "aigov@localhost" : u.getAuthorEmail();
        return new PersonIdent(name, email);
    }
}
