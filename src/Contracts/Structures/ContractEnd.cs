namespace Collab.Contracts.Structures;

/// <summary>What an end of contract destroyed; the certificate is the audit event <see cref="CertificateEventId"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ContractEnd(
    [property: Id(0)] Guid CertificateEventId,
    [property: Id(1)] int Accounts,
    [property: Id(2)] int ConsultationsDestroyed,
    [property: Id(3)] int ParticipationsWithdrawn);
