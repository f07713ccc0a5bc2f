using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Consultations;

/// <summary>
/// The encrypted exchange of a consultation: epochs and their sealed keys, and the ciphertext of
/// each item at its sequence number. The grain never sees plaintext or an unsealed key.
/// </summary>
public interface IConsultationGrain : IGrainWithGuidKey
{
    /// <summary>Starts a new epoch (first message, or after a membership change); returns its number.</summary>
    Task<int> StartEpoch(EpochSeal seal, Caller caller);

    /// <summary>The sequence number the next item must be encrypted for.</summary>
    Task<long> NextSequence();

    /// <summary>
    /// Appends ciphertext encrypted for (this consultation, <paramref name="epoch"/>, <paramref name="sequence"/>).
    /// Conflict when another item took that sequence first: encrypt again for the next one.
    /// </summary>
    Task Post(int epoch, long sequence, byte[] ciphertext, Caller caller);

    /// <summary>Items from <paramref name="fromSequence"/> on, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<EncryptedItem>> Read(long fromSequence, int limit, Caller caller);

    /// <summary>The seals of every epoch for <paramref name="reader"/>: their own copy, and the group's.</summary>
    Task<IReadOnlyList<EpochSealView>> GetEpochSeals(PractitionerId reader);
}

/// <summary>An epoch key sealed to each participant and to the recipient group's current key version.</summary>
[GenerateSerializer, Immutable]
public sealed record EpochSeal(
    [property: Id(0)] IReadOnlyDictionary<Guid, byte[]> SealedToParticipants,
    [property: Id(1)] Guid? Group,
    [property: Id(2)] int GroupVersion,
    [property: Id(3)] byte[]? SealedToGroup);

/// <summary>One epoch as a reader sees it.</summary>
[GenerateSerializer, Immutable]
public sealed record EpochSealView(
    [property: Id(0)] int Epoch,
    [property: Id(1)] byte[]? SealedToReader,
    [property: Id(2)] Guid? Group,
    [property: Id(3)] int GroupVersion,
    [property: Id(4)] byte[]? SealedToGroup);

/// <summary>A stored item: ciphertext at its epoch and sequence.</summary>
[GenerateSerializer, Immutable]
public sealed record EncryptedItem(
    [property: Id(0)] long Sequence,
    [property: Id(1)] int Epoch,
    [property: Id(2)] byte[] Ciphertext,
    [property: Id(3)] DateTimeOffset PostedAt);
