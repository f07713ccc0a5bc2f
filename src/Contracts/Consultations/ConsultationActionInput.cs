namespace Collab.Contracts.Consultations;

/// <summary>
/// What an action carries: the encrypted reason of a decline or cancellation, the encrypted opinion and act code
/// of an answer, and for an acceptance the accepter's own copy of each epoch key they hold only through their group
/// (epoch → key sealed to the accepter).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ConsultationActionInput(
    [property: Id(0)] byte[]? Reason = null,
    [property: Id(1)] byte[]? Opinion = null,
    [property: Id(2)] string? ActCode = null,
    [property: Id(3)] IReadOnlyDictionary<int, byte[]>? AccepterSeals = null);
