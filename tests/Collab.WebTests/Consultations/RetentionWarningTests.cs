using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collab.Testing;

namespace Collab.WebTests.Consultations;

/// <summary>The in-app side of the warning before deletion: the inbox shows the date, the home page warns within 7 days.</summary>
public sealed class RetentionWarningTests(CollabWebFactory factory) : IClassFixture<CollabWebFactory>
{
    [Fact]
    public async Task The_requester_sees_the_deletion_date_and_a_home_page_warning_in_the_last_7_days()
    {
        var (gpAccount, gp) = await TestAccounts.LoggedInAsync(factory, "Demandeuse");
        var (specialistAccount, specialist) = await TestAccounts.LoggedInAsync(factory, "Avis");
        var id = await TestConsultations.RequestAsync(gp, specialistAccount.Id, "Conservation courte ?");
        await specialist.PostAsync($"/api/v1/consultations/{id}/accept", null);
        await specialist.PostAsJsonAsync($"/api/v1/consultations/{id}/answer", new { opinion = "Avis.", actCode = (string?)null });
        Assert.Equal(HttpStatusCode.NoContent, (await specialist.PutAsJsonAsync($"/api/v1/consultations/{id}/retention", new { days = 9 })).StatusCode);
        await gp.PostAsync($"/api/v1/consultations/{id}/close", null);

        var sent = await gp.GetFromJsonAsync<JsonElement>("/api/v1/consultations?box=Sent");
        var destroyAt = sent.EnumerateArray().Single(e => e.GetProperty("consultation").GetGuid() == id).GetProperty("destroyAt").GetDateTimeOffset();
        var homeNow = WebUtility.HtmlDecode(await gp.GetStringAsync("/"));
        factory.Clock.Advance(TimeSpan.FromDays(3));
        await TestAccounts.LoginAsync(factory, gp, gpAccount); // the session does not last 3 days
        var homeLater = WebUtility.HtmlDecode(await gp.GetStringAsync("/"));

        Assert.InRange(destroyAt - factory.Clock.GetUtcNow().AddDays(-3), TimeSpan.FromDays(9) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(9));
        Assert.DoesNotContain("seront supprimées dans les 7 jours", homeNow, StringComparison.Ordinal);
        Assert.Contains("1 téléexpertise(s) que vous avez demandée(s) seront supprimées dans les 7 jours", homeLater, StringComparison.Ordinal);
    }
}
