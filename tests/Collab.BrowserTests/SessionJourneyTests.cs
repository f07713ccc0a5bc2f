using System.Text.RegularExpressions;
using Collab.Contracts.Access;
using Collab.Contracts.Directory;
using Collab.Contracts.Practitioners;
using Collab.Web.Demo;
using Microsoft.Playwright;

namespace Collab.BrowserTests;

/// <summary>A Blazor circuit does not outlive the right to read: the open page of a suspended account closes at once.</summary>
public sealed class SessionJourneyTests() : BrowserTest(demo: true)
{
    [Fact]
    public async Task An_open_consultation_page_closes_when_its_account_is_suspended()
    {
        var directory = Factory.Cluster.GetGrain<IDirectoryGrain>(0);
        var cardiologistId = (await directory.FindByEmail("claire.martin@hopital-demo.fr"))!.Value;
        var gp = await NewPageAsync();
        await LogInWithEmailedCodeAsync(gp, "julie.petit@cabinet-demo.fr", DemoData.Password);
        var created = await gp.Context.APIRequest.PostAsync($"{Base}/api/v1/consultations", new()
        {
            DataObject = new
            {
                requiredPractitioner = cardiologistId,
                patient = new { lastName = "Circuit", firstName = "Paul", birthDate = "1950-01-02", sex = "Male" },
                question = "Souffle ?",
                description = "Contexte.",
                consentToShare = true,
                send = true,
            },
        });
        var id = System.Text.Json.JsonDocument.Parse(await created.TextAsync()).RootElement.GetProperty("id").GetGuid();
        var cardiologist = await NewPageAsync();
        await LogInWithEmailedCodeAsync(cardiologist, "claire.martin@hopital-demo.fr", DemoData.Password);
        await cardiologist.GotoAsync($"{Base}/consultations/{id}");
        await Assertions.Expect(cardiologist.GetByText("CIRCUIT Paul")).ToBeVisibleAsync();

        await Factory.Cluster.GetGrain<IPractitionerStandingGrain>(cardiologistId).Suspend(Caller.System("tests"));

        await Assertions.Expect(cardiologist).ToHaveURLAsync(new Regex($"^{Regex.Escape(Base)}/$"));
        await Assertions.Expect(cardiologist.GetByRole(AriaRole.Link, new() { Name = "Connexion", Exact = true }).First).ToBeVisibleAsync();
        await Assertions.Expect(cardiologist.GetByText("CIRCUIT Paul")).ToHaveCountAsync(0);
    }
}
