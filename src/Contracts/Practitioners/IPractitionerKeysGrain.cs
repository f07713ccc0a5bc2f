using Collab.Contracts.Access;
using Collab.Contracts.Keys;

namespace Collab.Contracts.Practitioners;

/// <summary>
/// The key material of a practitioner account (the same grain as <see cref="IPractitionerGrain"/>): wrapped private
/// key, public key, escrow to the structure's recovery key. Envelopes only: nothing here can be opened by the grain.
/// </summary>
public interface IPractitionerKeysGrain : IGrainWithGuidKey
{
    /// <summary>Stores the account's first key material. Conflict if it has keys already.</summary>
    Task SetKeys(UserKeyMaterial keys, Caller caller);

    /// <summary>
    /// Replaces the wraps of the same private key (password change, recovery, new recovery code,
    /// escrow to a new structure). The public key cannot change: content sealed to it stays readable.
    /// </summary>
    Task ReplaceKeyWraps(UserKeyMaterial keys, Caller caller);

    /// <summary>The public key and the escrow sealed to the structure's recovery key (null without escrow). Administrators of the account's structure only.</summary>
    Task<UserKeyMaterial?> GetEscrow(Caller caller);

    /// <summary>
    /// Replaces the password wrap after an administrator opened the escrow (admin-assisted reset):
    /// the lock and failure count are cleared; the user logs in with the temporary password and changes it.
    /// Administrators of the account's structure only.
    /// </summary>
    Task ResetPasswordByAdministrator(byte[] passwordWrapped, Caller caller);

    /// <summary>The stored key material, or null before keys are set.</summary>
    Task<UserKeyMaterial?> GetKeys(Caller caller);

    /// <summary>The public key others seal to; NotFound before keys are set.</summary>
    Task<byte[]> GetPublicKey();
}
