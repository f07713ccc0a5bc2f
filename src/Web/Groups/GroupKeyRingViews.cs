using Collab.Contracts.Groups;
using Collab.Crypto;

namespace Collab.Web.Groups;

/// <summary>A group's ring as the grain hands it to one member, in the crypto module's terms.</summary>
public static class GroupKeyRingViews
{
    /// <summary>Every version's public key, with <paramref name="member"/>'s sealed copy where they hold one.</summary>
    public static List<KeyRingVersion> HeldBy(this GroupKeyRingView view, Guid member) =>
        GroupKeyRing.HeldBy(member, view.Versions.Select(v => (v.Version, v.PublicKey, v.SealedToMember)));
}
