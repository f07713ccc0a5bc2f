using Collab.Contracts.Access;
using Orleans.Concurrency;

namespace Collab.Contracts.Practitioners;

/// <summary>
/// The platform's operators and their public keys: what only "the operator" may read (a pending account's identity
/// document) is sealed to each of them. Key 0.
/// </summary>
public interface IOperatorsGrain : IGrainWithIntegerKey
{
    /// <summary>Adds (or renews) an operator's public key. System only: granting the role enrols.</summary>
    Task Enrol(PractitionerId practitioner, byte[] publicKey, Caller caller);

    /// <summary>Removes an operator (their account deleted). System only.</summary>
    Task Remove(PractitionerId practitioner, Caller caller);

    /// <summary>Every operator's public key, named <see cref="SealRecipient.Operator"/>. Public keys: anyone.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<SealRecipient>> Keys();
}
