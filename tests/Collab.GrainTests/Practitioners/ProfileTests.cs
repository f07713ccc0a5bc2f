using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Testing;

namespace Collab.GrainTests.Practitioners;

/// <summary>What the holder changes in their own profile, and nobody else does.</summary>
public sealed class ProfileTests : ClusterTest
{
    [Fact]
    public async Task Only_the_holder_changes_their_profile_and_red_list_and_the_directory_follows()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var bob = await Clinician.RegisterAsync(Grains, "Bob");
        var change = new ProfileChange("0472000000", "Néphrologie", "1 rue de la Santé, Lyon", ["Néphrologie, CHU Démo"]);

        var byOther = await Assert.ThrowsAsync<DomainException>(() => alice.Grain.UpdateProfile(change, bob.Caller));
        var redListByOther = await Assert.ThrowsAsync<DomainException>(() => alice.Grain.SetRedListed(true, bob.Caller));
        await alice.Grain.UpdateProfile(change, alice.Caller);
        var profile = (await alice.Grain.GetProfile(alice.Caller))!;
        var card = (await alice.Grain.GetCard(bob.Caller))!;

        Assert.Equal(DomainErrorCode.Forbidden, byOther.Code);
        Assert.Equal(DomainErrorCode.Forbidden, redListByOther.Code);
        Assert.False(profile.RedListed);
        Assert.Equal(("0472000000", "Néphrologie", "1 rue de la Santé, Lyon"), (profile.Phone, profile.Specialty, profile.Address));
        Assert.Equal(["Néphrologie, CHU Démo"], profile.Places!);
        Assert.Equal("Néphrologie", card.Specialty); // what colleagues see follows
    }

    [Fact]
    public async Task A_bad_profile_change_names_each_broken_field_and_keeps_the_stored_profile()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var before = (await alice.Grain.GetProfile(alice.Caller))!;

        var refused = await Assert.ThrowsAsync<DomainException>(() => alice.Grain.UpdateProfile(
            new ProfileChange("pas un numéro", new string('x', 101), new string('a', 301), ["un", "deux", "trois", "quatre", "cinq", "six"]), alice.Caller));

        Assert.Equal(DomainErrorCode.InvalidInput, refused.Code);
        Assert.Equal(["address", "phone", "places", "specialty"], refused.Errors.Select(e => e.Field).Order());
        Assert.Equal(before, await alice.Grain.GetProfile(alice.Caller));
    }
}
