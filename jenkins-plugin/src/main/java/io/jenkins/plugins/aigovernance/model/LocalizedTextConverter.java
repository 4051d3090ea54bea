package io.jenkins.plugins.aigovernance.model;

import com.thoughtworks.xstream.converters.ConversionException;
import com.thoughtworks.xstream.converters.Converter;
import com.thoughtworks.xstream.converters.MarshallingContext;
import com.thoughtworks.xstream.converters.UnmarshallingContext;
import com.thoughtworks.xstream.converters.reflection.ReflectionProvider;
import com.thoughtworks.xstream.io.HierarchicalStreamReader;
import com.thoughtworks.xstream.io.HierarchicalStreamWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jvnet.localizer.Localizable;
import org.jvnet.localizer.ResourceBundleHolder;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Stores a trail line's {@link Localizable} as {@code <bundle>} (the plugin's {@code Messages} class),
 * {@code <key>} and one {@code <arg>} text per argument, and reads it back as a {@link Localizable} that
 * renders in whatever locale it is asked for. Arguments are written as {@code String.valueOf} text, so any
 * value a step passes (lists, instants) stays readable whatever the JDK's module rules allow XStream to reflect
 * on. Only {@code Messages} bundles of this plugin are read back; anything else is a {@link ConversionException}
 * naming the element (a trail file is the controller's, so this means a damaged file).
 */
@Restricted(NoExternalUse.class)
final class LocalizedTextConverter implements Converter {

    private static final String PLUGIN_PACKAGE = "io.jenkins.plugins.aigovernance.";

    private final ReflectionProvider reflection;

    LocalizedTextConverter(ReflectionProvider reflection) {
        this.reflection = reflection;
    }

    @Override
    public boolean canConvert(Class type) {
        return type == Localizable.class;
    }

    @Override
    public void marshal(Object source, HierarchicalStreamWriter writer, MarshallingContext context) {
        Map<String, Object> fields = new HashMap<>();
        reflection.visitSerializableFields(source, (name, type, definedIn, value) -> fields.put(name, value));
        if (!(fields.get("holder") instanceof ResourceBundleHolder holder)) {
            throw new ConversionException("a localized trail line has no message bundle");
        }
        node(writer, "bundle", holder.owner.getName());
        node(writer, "key", ((Localizable) source).getKey());
        if (fields.get("args") instanceof Object[] args) {
            for (Object arg : args) {
                node(writer, "arg", String.valueOf(arg));
            }
        }
    }

    private static void node(HierarchicalStreamWriter writer, String name, String value) {
        writer.startNode(name);
        writer.setValue(value);
        writer.endNode();
    }

    @Override
    public Object unmarshal(HierarchicalStreamReader reader, UnmarshallingContext context) {
        String bundle = null;
        String key = null;
        List<String> args = new ArrayList<>();
        while (reader.hasMoreChildren()) {
            reader.moveDown();
            switch (reader.getNodeName()) {
                case "bundle" -> bundle = reader.getValue();
                case "key" -> key = reader.getValue();
                case "arg" -> args.add(reader.getValue());
                default ->
                    throw new ConversionException(
                            "unknown element <" + reader.getNodeName() + "> in a localized trail line");
            }
            reader.moveUp();
        }
        if (bundle == null || key == null || key.isEmpty()) {
            throw new ConversionException("a localized trail line needs <bundle> and <key>");
        }
        return new Localizable(ResourceBundleHolder.get(bundleClass(bundle)), key, args.toArray());
    }

    private static Class<?> bundleClass(String name) {
        if (!name.startsWith(PLUGIN_PACKAGE) || !name.endsWith(".Messages")) {
            throw new ConversionException("<bundle>" + name + "</bundle> is not a message bundle of AI Governance");
        }
        try {
            return Class.forName(name, false, LocalizedTextConverter.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConversionException("<bundle>" + name + "</bundle> names no class of AI Governance", e);
        }
    }
}
