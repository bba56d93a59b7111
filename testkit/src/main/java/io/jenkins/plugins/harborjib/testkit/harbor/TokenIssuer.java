package io.jenkins.plugins.harborjib.testkit.harbor;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.harborjib.testkit.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signs registry tokens as Harbor's token service does: a JWT whose header carries the libtrust key id ({@code kid}) of
 * the signing key, which the registry finds in its {@code rootcertbundle}; issuer {@code harbor-token-issuer}, audience
 * the registry's service, and an {@code access} list of granted actions.
 */
final class TokenIssuer {
  static final String ISSUER = "harbor-token-issuer";
  static final String SERVICE = "harbor-registry";
  static final int EXPIRES_IN_SECONDS = 1800;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final IssuedCertificate signing;
  private final String keyId;

  TokenIssuer(IssuedCertificate signing) {
    this.signing = signing;
    this.keyId = libtrustKeyId(signing.certificate().getPublicKey());
  }

  /** One granted scope: {@code repository}, {@code app/demo}, {@code [pull, push]}. */
  record Grant(String type, String name, List<String> actions) {}

  /** A signed token for {@code subject} granting {@code grants}. */
  String token(String subject, List<Grant> grants) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("typ", "JWT");
    header.put("alg", "ES256");
    header.put("kid", keyId);
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER);
    claims.put("sub", subject);
    claims.put("aud", SERVICE);
    claims.put("exp", now + EXPIRES_IN_SECONDS);
    claims.put("nbf", now - 10);
    claims.put("iat", now);
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("access", grants.stream().map(g -> {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("type", g.type());
      a.put("name", g.name());
      a.put("actions", g.actions());
      return a;
    }).toList());
    try {
      String signingInput = b64(JSON.writeValueAsBytes(header)) + "." + b64(JSON.writeValueAsBytes(claims));
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initSign(signing.privateKey());
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64(s.sign());
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("Cannot sign a registry token", e);
    }
  }

  /** The PEM bundle the registry trusts: the signing certificate and its CA. */
  String rootCertBundle() {
    return signing.chainPem();
  }

  /**
   * libtrust's key id: SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits, base32 without padding, in groups of
   * four joined by colons.
   */
  static String libtrustKeyId(PublicKey key) {
    try {
      byte[] hash = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 30);
      String s = base32(hash);
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < s.length(); i += 4) {
        if (i > 0) {
          out.append(':');
        }
        out.append(s, i, Math.min(i + 4, s.length()));
      }
      return out.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base32(byte[] data) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
