namespace Collab.Contracts.Practitioners;

/// <summary>
/// A proof of identity sent with a pending account (a CPS photo, an identity or professional card): encrypted like an
/// attachment under a file key stored as <see cref="Owner"/>'s file <see cref="FileId"/>, that key sealed to each
/// <see cref="SealRecipient"/> of the account (its structure's recovery key and every operator). Deleted when the
/// account is validated or rejected.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record IdentityDocument(
    [property: Id(0)] Guid Owner,
    [property: Id(1)] Guid FileId,
    [property: Id(2)] string ContentType,
    [property: Id(3)] long Length,
    [property: Id(4)] IReadOnlyDictionary<string, byte[]> SealedKeys);

/// <summary>What an administrator sees of the document before opening it.</summary>
[GenerateSerializer, Immutable]
public sealed record IdentityDocumentInfo(
    [property: Id(0)] string ContentType,
    [property: Id(1)] long Length,
    [property: Id(2)] DateTimeOffset UploadedAt);

/// <summary>
/// What one reader needs to open the document: the file key sealed to them (<see cref="SealedFileKey"/>) — to an
/// operator's own key, or to the structure's recovery key, which <see cref="SealedRecoveryKey"/> (sealed to this
/// administrator) and <see cref="RecoveryPublicKey"/> open.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record IdentityDocumentKey(
    [property: Id(0)] Guid Owner,
    [property: Id(1)] Guid FileId,
    [property: Id(2)] string ContentType,
    [property: Id(3)] long Length,
    [property: Id(4)] byte[] SealedFileKey,
    [property: Id(5)] byte[]? SealedRecoveryKey = null,
    [property: Id(6)] byte[]? RecoveryPublicKey = null);
