namespace Collab.Contracts.Practitioners;

/// <summary>
/// The account side of a <see cref="PractitionerCard"/>: also whether the email address was proved by a code, the new
/// address waiting for its code, whether Pro Santé Connect proved the holder's identity, and the identity document sent
/// with a pending account.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PractitionerAccountFacts(
    [property: Id(0)] string Email,
    [property: Id(1)] AccountStatus Status,
    [property: Id(2)] DateTimeOffset RegisteredAt,
    [property: Id(3)] bool RedListed,
    [property: Id(4)] bool EmailProved = false,
    [property: Id(5)] string? PendingEmail = null,
    [property: Id(6)] bool ProvedByCard = false,
    [property: Id(7)] IdentityDocumentInfo? IdentityDocument = null);
