using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Collab.WebTests.Account;

/// <summary>
/// A passkey authenticator written from the WebAuthn specification (P-256, "none" attestation): it answers the
/// server's creation and request options as a browser would, for the origin it is told, and can be made to misbehave.
/// </summary>
public sealed class SoftwareAuthenticator(string origin) : IDisposable
{
    /// <summary>The origin the browser reports in its client data (a look-alike site's, to play the phished user).</summary>
    public string Origin { get; set; } = origin;

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _credentialId = RandomNumberGenerator.GetBytes(32);
    private byte[] _userHandle = [];

    /// <summary>The signature counter the next assertion carries.</summary>
    public uint Counter { get; set; } = 1;

    /// <summary>The answer to <c>navigator.credentials.create</c> for these options, as <c>toJSON()</c> writes it.</summary>
    public JsonObject Create(JsonElement options)
    {
        var rpId = options.GetProperty("rp").GetProperty("id").GetString()!;
        _userHandle = Base64Url(options.GetProperty("user").GetProperty("id").GetString()!);
        var clientData = ClientData("webauthn.create", options.GetProperty("challenge").GetString()!);
        var parameters = _key.ExportParameters(false);
        var cose = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cose.WriteStartMap(5);
        cose.WriteInt32(1); cose.WriteInt32(2);   // kty: EC2
        cose.WriteInt32(3); cose.WriteInt32(-7);  // alg: ES256
        cose.WriteInt32(-1); cose.WriteInt32(1);  // crv: P-256
        cose.WriteInt32(-2); cose.WriteByteString(parameters.Q.X!);
        cose.WriteInt32(-3); cose.WriteByteString(parameters.Q.Y!);
        cose.WriteEndMap();
        var attested = new byte[16 + 2 + _credentialId.Length];
        BinaryPrimitives.WriteUInt16BigEndian(attested.AsSpan(16), (ushort)_credentialId.Length);
        _credentialId.CopyTo(attested, 18);
        var authData = AuthenticatorData(rpId, 0x45, 0, [.. attested, .. cose.Encode()]); // UP, UV, AT

        var attestation = new CborWriter(CborConformanceMode.Ctap2Canonical);
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt"); attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt"); attestation.WriteStartMap(0); attestation.WriteEndMap();
        attestation.WriteTextString("authData"); attestation.WriteByteString(authData);
        attestation.WriteEndMap();
        return Credential(new JsonObject
        {
            ["clientDataJSON"] = Base64Url(clientData),
            ["attestationObject"] = Base64Url(attestation.Encode()),
            ["transports"] = new JsonArray("internal"),
        });
    }

    /// <summary>The answer to <c>navigator.credentials.get</c> for these options, as <c>toJSON()</c> writes it.</summary>
    public JsonObject Get(JsonElement options)
    {
        var clientData = ClientData("webauthn.get", options.GetProperty("challenge").GetString()!);
        var authData = AuthenticatorData(options.GetProperty("rpId").GetString()!, 0x05, Counter++, []); // UP, UV
        var signature = _key.SignData([.. authData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return Credential(new JsonObject
        {
            ["clientDataJSON"] = Base64Url(clientData),
            ["authenticatorData"] = Base64Url(authData),
            ["signature"] = Base64Url(signature),
            ["userHandle"] = Base64Url(_userHandle),
        });
    }

    public void Dispose() => _key.Dispose();

    private JsonObject Credential(JsonObject response) => new()
    {
        ["id"] = Base64Url(_credentialId),
        ["rawId"] = Base64Url(_credentialId),
        ["type"] = "public-key",
        ["response"] = response,
        ["clientExtensionResults"] = new JsonObject(),
        ["authenticatorAttachment"] = "platform",
    };

    private byte[] ClientData(string type, string challenge) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type, challenge, origin = Origin, crossOrigin = false }));

    private static byte[] AuthenticatorData(string rpId, byte flags, uint counter, byte[] attested)
    {
        var counterBytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counterBytes, counter);
        return [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), flags, .. counterBytes, .. attested];
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}
