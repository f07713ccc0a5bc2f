using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.GrainTests.Orleans;
using Collab.Silo.Notifications;
using Collab.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Collab.GrainTests.Practitioners;

public sealed class InactivityTests
{
    private static readonly Caller Platform = Caller.System("tests");

    [Fact]
    public async Task Weekly_warnings_from_month_10_then_access_revoked_at_month_12()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        await using var cluster = TestSilos.Cluster(database, configure: TestSilos.WithClock(clock)).Build();
        await cluster.DeployAsync();
        var outbox = cluster.GetSiloServiceProvider().GetRequiredService<DevelopmentOutbox>();
        var id = Guid.NewGuid();
        var account = cluster.Client.GetGrain<IPractitionerGrain>(id);
        await account.Register(new PractitionerRegistration("Dormant", "Paul", Profession.Physician,
            new ProfessionalIdentifier(IdentifierKind.Adeli, "751234567"), "paul.dormant@example.org"), Platform);
        await cluster.Client.GetGrain<IPractitionerStandingGrain>(id).Validate(Platform);
        int Warnings() => outbox.Messages.Count(m => m.To == "paul.dormant@example.org" && m.Subject!.Contains("garder", StringComparison.Ordinal));

        clock.Advance(TimeSpan.FromDays(280)); // about 9 months
        await account.CheckInactivity();
        var at9Months = Warnings();
        clock.Advance(TimeSpan.FromDays(25)); // past 10 months
        await account.CheckInactivity();
        clock.Advance(TimeSpan.FromDays(3));
        await account.CheckInactivity();
        var sameWeek = Warnings();
        clock.Advance(TimeSpan.FromDays(4));
        await account.CheckInactivity();
        var nextWeek = Warnings();
        var beforeRevocation = (await account.GetStanding()).Status;
        clock.Advance(TimeSpan.FromDays(60)); // past 12 months
        await account.CheckInactivity();

        Assert.Equal(0, at9Months);
        Assert.Equal(1, sameWeek);
        Assert.Equal(2, nextWeek);
        Assert.Equal(AccountStatus.Active, beforeRevocation);
        Assert.Equal(AccountStatus.Revoked, (await account.GetStanding()).Status);
        Assert.Contains(outbox.Messages, m => m.To == "paul.dormant@example.org" && m.Subject == "Collab : accès révoqué");
        Assert.Equal(1, await database.ScalarAsync<long>("SELECT count(*) FROM orleans_reminder WHERE reminder_name = 'inactivity'"));
    }
}
