namespace Collab.Contracts.Groups;

/// <summary>One version: its public key, and the member's sealed copy of its private key (null when they hold none).</summary>
[GenerateSerializer, Immutable]
public sealed record GroupKeyVersionView(
    [property: Id(0)] int Version,
    [property: Id(1)] byte[] PublicKey,
    [property: Id(2)] byte[]? SealedToMember);
