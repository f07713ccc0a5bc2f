using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Testing;

namespace Collab.GrainTests.Practitioners;

/// <summary>What the account grain accepts from Pro Santé Connect, and from whom.</summary>
public sealed class ProSanteConnectTests : ClusterTest
{
    [Fact]
    public async Task Only_the_platform_may_vouch_and_only_for_the_accounts_own_rpps_which_validates_a_pending_account()
    {
        var pending = await Clinician.RegisterAsync(Grains, "Attente", validate: false);
        var other = await Clinician.RegisterAsync(Grains, "Autre");
        var rpps = (await pending.Grain.GetProfile(pending.Caller))!.Identifier.Number;
        var standing = Grains.GetGrain<IPractitionerStandingGrain>(pending.Id.Value);

        var byHolder = await Assert.ThrowsAsync<DomainException>(() => standing.ValidateByProSanteConnect("8" + rpps, pending.Caller));
        var byColleague = await Assert.ThrowsAsync<DomainException>(() => standing.ValidateByProSanteConnect("8" + rpps, other.Caller));
        var otherRpps = (await other.Grain.GetProfile(other.Caller))!.Identifier.Number;
        var anotherCard = await Assert.ThrowsAsync<DomainException>(() => standing.ValidateByProSanteConnect("8" + otherRpps, Caller.System("psc")));
        var stillPending = (await pending.Grain.GetStanding()).Status;
        await standing.ValidateByProSanteConnect("8" + rpps, Caller.System("psc"));

        Assert.Equal(DomainErrorCode.Forbidden, byHolder.Code);
        Assert.Equal(DomainErrorCode.Forbidden, byColleague.Code);
        Assert.Equal(DomainErrorCode.InvalidInput, anotherCard.Code);
        Assert.Equal(AccountStatus.Pending, stillPending);
        Assert.Equal(AccountStatus.Active, (await pending.Grain.GetStanding()).Status);
    }

    [Fact]
    public async Task The_card_stands_for_the_second_factor_only_after_the_password_step()
    {
        var clinician = await Clinician.RegisterAsync(Grains, "Carte");
        var nationalId = "8" + (await clinician.Grain.GetProfile(clinician.Caller))!.Identifier.Number;
        var login = Grains.GetGrain<IPractitionerLoginGrain>(clinician.Id.Value);
        var anonymous = new Caller("anonymous", null, "127.0.0.1", "tests");

        var withoutPassword = await Assert.ThrowsAsync<DomainException>(() => login.CompleteProSanteConnectLogin(nationalId, Caller.System("psc")));
        await login.PasswordSucceeded(anonymous);
        var notThePlatform = await Assert.ThrowsAsync<DomainException>(() => login.CompleteProSanteConnectLogin(nationalId, anonymous));
        await login.CompleteProSanteConnectLogin(nationalId, Caller.System("psc"));
        var replayed = await Assert.ThrowsAsync<DomainException>(() => login.CompleteProSanteConnectLogin(nationalId, Caller.System("psc")));

        Assert.Equal(DomainErrorCode.Unauthenticated, withoutPassword.Code);
        Assert.Equal(DomainErrorCode.Forbidden, notThePlatform.Code);
        Assert.Equal(DomainErrorCode.Unauthenticated, replayed.Code); // the password step was used up
    }

    [Theory]
    [InlineData("810003456786", IdentifierKind.Rpps, "10003456786")]
    [InlineData("0751234567", IdentifierKind.Adeli, "751234567")]
    [InlineData("310003456786", null, null)]
    [InlineData("8100034567", null, null)]
    [InlineData(null, null, null)]
    public void The_national_identifier_carries_an_rpps_or_an_adeli_number(string? nationalId, IdentifierKind? kind, string? number) =>
        Assert.Equal(kind is { } k ? new ProfessionalIdentifier(k, number!) : null, NationalIdentifier.Parse(nationalId));
}
