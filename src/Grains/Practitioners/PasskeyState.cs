namespace Collab.Grains.Practitioners;

/// <summary>A registered passkey: the authenticator's credential id and public key (COSE), and its signature counter.</summary>
public sealed class PasskeyState
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public byte[] CredentialId { get; set; } = [];

    public byte[] PublicKey { get; set; } = [];

    public uint SignCount { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
