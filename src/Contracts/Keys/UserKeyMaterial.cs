namespace Collab.Contracts.Keys;

/// <summary>
/// A user's key pair as the server stores it: the public key, and the private key only ever
/// wrapped (under the password, under the recovery code) or sealed (to the structure's recovery
/// key). The server cannot open any of them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record UserKeyMaterial(
    [property: Id(0)] byte[] PublicKey,
    [property: Id(1)] byte[] PasswordWrapped,
    [property: Id(2)] byte[] RecoveryWrapped,
    [property: Id(3)] byte[]? EscrowSealed);
