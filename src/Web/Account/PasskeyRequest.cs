using System.Text.Json;

namespace Collab.Web.Account;

/// <summary>A new passkey: the browser's credential (<c>PublicKeyCredential.toJSON()</c>) and the name the holder gives it.</summary>
public sealed record PasskeyRequest(JsonElement Credential, string? Name);
