package org.accessdenied.core.evidence;

import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.Singleton;

import org.accessdenied.core.config.EngineSettings;
import org.accessdenied.core.metrics.Metrics;

/**
 * Builds the James server's one {@link EvidenceEngine} from {@code conf/access-denied.properties} (defaults when the
 * file is absent), once: every matcher, mailet and hook gets the same engine, hence one DNS cache and one zone
 * health monitor; it publishes to James's metrics ({@link JamesMetrics}), so the matchers alone (no SMTP hook) publish
 * too. A malformed file stops James at start-up with a message naming the key, and so does this jar loaded
 * into the wrong James line ({@link JamesLineCheck}).
 */
@Singleton
public final class JamesEvidenceEngineProvider implements Provider<EvidenceEngine> {
    private static final Logger LOGGER = LoggerFactory.getLogger(JamesEvidenceEngineProvider.class);

    private final PropertiesProvider propertiesProvider;
    private final Metrics metrics;
    private EvidenceEngine engine;

    @Inject
    public JamesEvidenceEngineProvider(PropertiesProvider propertiesProvider, MetricFactory metricFactory, GaugeRegistry gauges) {
        this.propertiesProvider = propertiesProvider;
        this.metrics = new JamesMetrics(metricFactory, gauges);
    }

    @Override
    public synchronized EvidenceEngine get() {
        if (engine == null) {
            JamesLineCheck.verify();
            engine = new EvidenceEngine(load(), metrics);
        }
        return engine;
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
