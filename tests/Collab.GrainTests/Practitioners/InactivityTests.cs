using Collab.Contracts.Practitioners;
using Collab.Testing;

namespace Collab.GrainTests.Practitioners;

public sealed class InactivityTests : ClusterTest
{
    protected override DateTimeOffset? ClockStart => new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Weekly_warnings_from_month_10_then_access_revoked_at_month_12()
    {
        var id = Guid.NewGuid();
        var account = Grains.GetGrain<IPractitionerGrain>(id);
        await account.Register(new PractitionerRegistration("Dormant", "Paul", Profession.Physician,
            new ProfessionalIdentifier(IdentifierKind.Adeli, "751234567"), "paul.dormant@example.org"), Platform);
        await Grains.GetGrain<IPractitionerStandingGrain>(id).Validate(Platform);
        int Warnings() => Outbox.Messages.Count(m => m.To == "paul.dormant@example.org" && m.Subject!.Contains("garder", StringComparison.Ordinal));

        Clock.Advance(TimeSpan.FromDays(280)); // about 9 months
        await account.CheckInactivity();
        var at9Months = Warnings();
        Clock.Advance(TimeSpan.FromDays(25)); // past 10 months
        await account.CheckInactivity();
        Clock.Advance(TimeSpan.FromDays(3));
        await account.CheckInactivity();
        var sameWeek = Warnings();
        Clock.Advance(TimeSpan.FromDays(4));
        await account.CheckInactivity();
        var nextWeek = Warnings();
        var beforeRevocation = (await account.GetStanding()).Status;
        Clock.Advance(TimeSpan.FromDays(60)); // past 12 months
        await account.CheckInactivity();

        Assert.Equal(0, at9Months);
        Assert.Equal(1, sameWeek);
        Assert.Equal(2, nextWeek);
        Assert.Equal(AccountStatus.Active, beforeRevocation);
        Assert.Equal(AccountStatus.Revoked, (await account.GetStanding()).Status);
        Assert.Contains(Outbox.Messages, m => m.To == "paul.dormant@example.org" && m.Subject == "Collab : accès révoqué");
        Assert.Equal(1, await Database.ScalarAsync<long>("SELECT count(*) FROM orleans_reminder WHERE reminder_name = 'inactivity'"));
    }
}
