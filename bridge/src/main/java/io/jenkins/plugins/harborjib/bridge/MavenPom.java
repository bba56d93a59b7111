package io.jenkins.plugins.harborjib.bridge;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The version of a Maven project, read from its {@code pom.xml} text: {@code <version>}, else the parent's, with
 * {@code ${property}} references resolved from the POM's own {@code <properties>} (the CI-friendly
 * {@code ${revision}${changelist}} style). No Maven is run; a version that needs more than that is reported.
 */
public final class MavenPom {
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  private MavenPom() {}

  /**
   * The project version.
   *
   * @param pomXml the POM's text
   * @param source where it was read, for messages (e.g. {@code pom.xml})
   * @throws IllegalArgumentException saying what is missing and what to do instead
   */
  public static String version(String pomXml, String source) {
    Element project = parse(pomXml, source);
    String version = childText(project, "version");
    if (version == null) {
      Element parent = child(project, "parent");
      version = parent == null ? null : childText(parent, "version");
    }
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException(source + " has no <version> (nor a parent version): set one, or give the"
          + " tag literally");
    }
    Map<String, String> properties = properties(project);
    String resolved = version.trim();
    for (int round = 0; round < 10 && resolved.contains("${"); round++) {
      Matcher m = PROPERTY.matcher(resolved);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String name = m.group(1);
        String value = name.equals("project.version") ? null : properties.get(name);
        if (value == null) {
          throw new IllegalArgumentException(source + " version '" + version.trim() + "' uses ${" + name + "}, which"
              + " is not set in its <properties>: MAVEN_VERSION cannot know what Maven was given on the command line."
              + " In Pipeline pass the version yourself (e.g. tags: [\"1.0.${env.BUILD_NUMBER}\"]), or define "
              + name + " in the POM");
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      resolved = out.toString();
    }
    return resolved;
  }

  private static Element parse(String xml, String source) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      // A POM from the workspace is untrusted input: no DTDs, no external entities.
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      Element root = b.parse(new InputSource(new StringReader(xml))).getDocumentElement();
      if (!"project".equals(root.getTagName())) {
        throw new IllegalArgumentException(source + " is not a Maven POM: its root element is <" + root.getTagName()
            + ">");
      }
      return root;
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalArgumentException(source + " cannot be read as XML: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> properties(Element project) {
    Map<String, String> map = new HashMap<>();
    Element props = child(project, "properties");
    if (props != null) {
      for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e) {
          map.put(e.getTagName(), e.getTextContent().trim());
        }
      }
    }
    return map;
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static String childText(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().trim();
  }
}
