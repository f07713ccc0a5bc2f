namespace Collab.Contracts.Consultations;

/// <summary>One epoch as a reader sees it.</summary>
[GenerateSerializer, Immutable]
public sealed record EpochSealView(
    [property: Id(0)] int Epoch,
    [property: Id(1)] byte[]? SealedToReader,
    [property: Id(2)] Guid? Group,
    [property: Id(3)] int GroupVersion,
    [property: Id(4)] byte[]? SealedToGroup);
