package org.accessdenied.core.evidence;

import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Inject;
import com.google.inject.Provider;

import org.accessdenied.core.config.EngineSettings;

/**
 * Builds the James server's one {@link EvidenceEngine} from {@code conf/access-denied.properties} (defaults when the
 * file is absent). A malformed file stops James at start-up with a message naming the key.
 */
public final class JamesEvidenceEngineProvider implements Provider<EvidenceEngine> {
    private static final Logger LOGGER = LoggerFactory.getLogger(JamesEvidenceEngineProvider.class);

    private final PropertiesProvider propertiesProvider;

    @Inject
    public JamesEvidenceEngineProvider(PropertiesProvider propertiesProvider) {
        this.propertiesProvider = propertiesProvider;
    }

    @Override
    public EvidenceEngine get() {
        return new EvidenceEngine(load());
    }

    private EngineSettings load() {
        try {
            Configuration file = propertiesProvider.getConfiguration(EngineSettings.FILE_NAME);
            List<String> keys = new ArrayList<>();
            file.getKeys().forEachRemaining(keys::add);
            return EngineSettings.from(key -> Optional.ofNullable(file.getString(key)), keys, EngineSettings::environment);
        } catch (FileNotFoundException e) {
            LOGGER.info("No conf/{}.properties: default settings", EngineSettings.FILE_NAME);
            return EngineSettings.from(key -> Optional.empty(), List.of(), EngineSettings::environment);
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException("conf/" + EngineSettings.FILE_NAME + ".properties: " + e.getMessage(), e);
        }
    }
}
