using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Testing;

namespace Collab.WebTests.Statistics;

/// <summary>
/// <c>/admin/statistics</c> and <c>/api/v1/statistics</c> over a seeded consultation index (dates from the test clock):
/// the numbers shown are those computed here from the seed, small counts are masked, names stay in their structure.
/// </summary>
public sealed partial class StatisticsTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    [Fact]
    public async Task The_page_shows_the_counts_and_times_computed_from_the_seed_masks_small_ones_and_another_structure_sees_nothing()
    {
        var (adminAccount, admin) = await TestAccounts.LoggedInAsync(factory, "Statadmin");
        var structure = await TestAccounts.StructureAsync(factory, adminAccount.Id, "Hôpital Statistique");
        var doctor = await TestAccounts.ActiveAsync(factory, factory.CreateClient(), structure, "Docteurstat");
        var group = Guid.NewGuid();
        await factory.Cluster.GetGrain<IGroupGrain>(group).Create(new GroupInfo("Cardiologie Stat", structure), new PractitionerId(doctor.Id), Caller.System("tests"));
        var (otherAdminAccount, otherAdmin) = await TestAccounts.LoggedInAsync(factory, "Autrestat");
        var quiet = await TestAccounts.StructureAsync(factory, otherAdminAccount.Id, "Clinique Ailleurs");
        var op = factory.CreateClient();
        await TestAccounts.OperatorAsync(factory, op);

        // The seed: two months ago and last month, by the test's clock, mid-month at noon (no month boundary in sight).
        var now = factory.Clock.GetUtcNow();
        var earlier = new DateTimeOffset(now.Year, now.Month, 12, 12, 0, 0, TimeSpan.Zero).AddMonths(-2);
        var later = earlier.AddMonths(1);
        double?[] groupHours = [2, 4, 6, 8, 10, 30, 50, 130, null, null, null, null]; // 8 answered, 4 waiting
        var seed = new List<Row>();
        for (var i = 0; i < groupHours.Length; i++)
        {
            var answered = groupHours[i] is not null;
            var status = !answered ? ConsultationStatus.Requested : i < 5 ? ConsultationStatus.Answered : ConsultationStatus.Closed;
            seed.Add(new Row(Guid.NewGuid(), null, group, i < 8 ? earlier : later, groupHours[i], status, answered ? (i % 2 == 0 ? "TE2" : "TE1") : null,
                answered ? (i < 3 ? BillingStatus.Billed : BillingStatus.ToBill) : BillingStatus.None, Reminded: !answered));
        }

        seed.Add(new Row(Guid.NewGuid(), doctor.Id, null, later, null, ConsultationStatus.Declined, null, BillingStatus.None, false));
        seed.Add(new Row(Guid.NewGuid(), doctor.Id, null, later, null, ConsultationStatus.Cancelled, null, BillingStatus.None, false));
        seed.Add(new Row(Guid.NewGuid(), doctor.Id, null, later, null, ConsultationStatus.Requested, null, BillingStatus.None, true));
        for (var i = 0; i < 6; i++)
        {
            seed.Add(new Row(doctor.Id, Guid.NewGuid(), null, later, 20, ConsultationStatus.Answered, "TE2", BillingStatus.ToBill, false)); // sent elsewhere
        }

        foreach (var row in seed)
        {
            await SeedAsync(row);
        }

        var received = seed.Where(r => r.Group == group || r.Practitioner == doctor.Id).ToList();
        var answeredHours = received.Where(r => r.Group == group && r.Hours is not null).Select(r => r.Hours!.Value).Order().ToList();
        var page = await admin.GetStringAsync($"/admin/statistics?structure={structure}");
        string Cell(string testId) => WebUtility.HtmlDecode(Regex.Match(page, $"data-testid=\"{Regex.Escape(testId)}\"[^>]*>([^<]*)<").Groups[1].Value).Trim();
        string Month(DateTimeOffset at) => at.ToString("yyyy-MM", CultureInfo.InvariantCulture);

        Assert.Equal(received.Count.ToString(French), Cell("received-total"));
        Assert.Equal(received.Count(r => r.Reminded).ToString(French), Cell("reminders-total"));
        Assert.Equal(received.Count(r => r.RequestedAt == earlier).ToString(French), Cell($"month-{Month(earlier)}-received"));
        Assert.Equal(received.Count(r => r.RequestedAt == later).ToString(French), Cell($"month-{Month(later)}-received"));
        Assert.Equal(seed.Count(r => r.Requester == doctor.Id).ToString(French), Cell($"month-{Month(later)}-sent"));
        Assert.Equal("0", Cell($"month-{Month(later.AddMonths(1))}-received")); // a month with no request is in the series too
        Assert.Equal(received.Count(r => r.Status == ConsultationStatus.Requested).ToString(French), Cell("statuses-Requested"));
        Assert.Equal("< 5", Cell("statuses-Declined")); // one: masked
        Assert.Equal("< 5", Cell("practitioners-Docteurstat Claire-requests")); // three requests to the doctor: masked, named for their own admin
        Assert.Equal(answeredHours.Count.ToString(French), Cell("groups-Cardiologie Stat-answered"));
        Assert.Equal($"{Percentile(answeredHours, 0.5):0.#} h", Cell("groups-Cardiologie Stat-median"));
        var p90 = Percentile(answeredHours, 0.9);
        Assert.Equal($"{(int)(p90 / 24)} j {(int)Math.Round(p90 % 24)} h", Cell("groups-Cardiologie Stat-p90"));
        Assert.Equal(((double)answeredHours.Count(h => h <= 120) / groupHours.Length).ToString("P0", French), Cell("groups-Cardiologie Stat-within5"));
        Assert.Contains("<svg", page, StringComparison.Ordinal);

        // The CSV of the months table says the same; the other structure's admin and its page get nothing.
        var csv = await admin.GetStringAsync($"/api/v1/statistics/months.csv?structure={structure}");
        Assert.Contains($"{Month(earlier)};0;{received.Count(r => r.RequestedAt == earlier)}", csv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/api/v1/statistics?structure={structure}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/api/v1/statistics")).StatusCode);
        var otherPage = WebUtility.HtmlDecode(await otherAdmin.GetStringAsync($"/admin/statistics?structure={structure}"));
        Assert.Contains("Accès refusé", otherPage, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"received-total\"", otherPage, StringComparison.Ordinal);
        var ownQuietPage = WebUtility.HtmlDecode(await otherAdmin.GetStringAsync($"/admin/statistics?structure={quiet}")); // no request at all
        Assert.Contains("Aucune demande sur la période.", ownQuietPage, StringComparison.Ordinal);

        // The operator sees the platform, and the doctor only by a pseudonym.
        var platform = await op.GetFromJsonAsync<JsonElement>($"/api/v1/statistics?structure={structure}");
        var pseudonym = platform.GetProperty("byPractitioner").EnumerateArray().Single(p => p.GetProperty("key").GetString() == doctor.Id.ToString()).GetProperty("label").GetString();
        Assert.Matches("^P-[0-9a-f]{8}$", pseudonym);
        Assert.DoesNotContain("Docteurstat", await op.GetStringAsync($"/admin/statistics?structure={structure}"), StringComparison.Ordinal);
    }

    private sealed record Row(Guid Requester, Guid? Practitioner, Guid? Group, DateTimeOffset RequestedAt, double? Hours, ConsultationStatus Status, string? ActCode, BillingStatus Billing, bool Reminded);

    private Task SeedAsync(Row r) => factory.Database.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
        INSERT INTO consultation_index (consultation_id, status, requester_id, required_practitioner, required_group, accepted_by, updated_at, requested_at, answered_at, act_code, billing, reminded_at)
        VALUES ('{Guid.NewGuid()}', {(short)r.Status}, '{r.Requester}', {Sql(r.Practitioner)}, {Sql(r.Group)}, NULL, '{r.RequestedAt:O}', '{r.RequestedAt:O}',
          {(r.Hours is { } h ? $"'{r.RequestedAt.AddHours(h):O}'" : "NULL")}, {(r.ActCode is { } a ? $"'{a}'" : "NULL")}, {(short)r.Billing},
          {(r.Reminded ? $"'{r.RequestedAt.AddDays(5):O}'" : "NULL")})
        """));

    private static string Sql(Guid? id) => id is { } g ? $"'{g}'" : "NULL";

    // PostgreSQL's percentile_cont: linear between the two closest ranks.
    private static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        var position = p * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        return lower + 1 < sorted.Count ? sorted[lower] + ((position - lower) * (sorted[lower + 1] - sorted[lower])) : sorted[lower];
    }
}
