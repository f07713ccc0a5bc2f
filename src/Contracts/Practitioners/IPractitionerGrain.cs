using Collab.Contracts.Access;
using Collab.Contracts.Keys;

namespace Collab.Contracts.Practitioners;

/// <summary>One practitioner account, keyed by <see cref="PractitionerId"/>.</summary>
public interface IPractitionerGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Creates the account. Fails with <see cref="Errors.DomainErrorCode.InvalidInput"/> naming each broken
    /// field, or <see cref="Errors.DomainErrorCode.Conflict"/> when this id is already registered.
    /// </summary>
    Task<PractitionerProfile> Register(PractitionerRegistration registration, Caller caller);

    /// <summary>The profile, or null when no account exists under this id.</summary>
    Task<PractitionerProfile?> GetProfile(Caller caller);

    /// <summary>Stores the account's first key material (at registration). Conflict if it has keys already.</summary>
    Task SetKeys(UserKeyMaterial keys, Caller caller);

    /// <summary>
    /// Replaces the wraps of the same private key (password change, recovery, new recovery code,
    /// escrow to a new structure). The public key cannot change: content sealed to it stays readable.
    /// </summary>
    Task ReplaceKeyWraps(UserKeyMaterial keys, Caller caller);

    /// <summary>The stored key material, or null before keys are set.</summary>
    Task<UserKeyMaterial?> GetKeys(Caller caller);

    /// <summary>The public key others seal to; NotFound before keys are set.</summary>
    Task<byte[]> GetPublicKey();
}
