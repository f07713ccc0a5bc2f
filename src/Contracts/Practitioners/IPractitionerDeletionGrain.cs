using Collab.Contracts.Access;

namespace Collab.Contracts.Practitioners;

/// <summary>Deleting a practitioner account (the same grain as <see cref="IPractitionerGrain"/>).</summary>
public interface IPractitionerDeletionGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Deletes the account (the holder, or an operator ending a structure's contract): drafts and
    /// consultations nobody else can read are destroyed; in the others the holder's key copies go and the
    /// other participants keep them; the holder leaves their groups; key material, login factors,
    /// contact details and the directory entry are erased. The name, profession and RPPS/ADELI stay, as
    /// the author of what others keep. Conflict when the holder is the last member holding a group's keys.
    /// </summary>
    Task<AccountDeletion> DeleteAccount(Caller caller);
}
