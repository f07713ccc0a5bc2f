using System.Net.Http.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Knowledge;
using Collab.Contracts.Practitioners;
using Collab.Testing;
using Collab.Web.Demo;
using Microsoft.Playwright;

namespace Collab.BrowserTests;

/// <summary>
/// The knowledge base on the demo data: Dr Julie Petit (a GP) asks the cardiology network anonymously, Dr Claire
/// Martin answers, the GP publishes through the de-identification gate (which removes the NIR, the phone number, the
/// e-mail and the patient's name she planted), Dr Louis Bernard approves, and another GP finds the case by a word and
/// a facet.
/// </summary>
public sealed class KnowledgeJourneyTests() : BrowserTest(demo: true)
{
    private const string Nir = "1 85 05 75 115 423 57";
    private const string Phone = "06 12 34 56 78";
    private const string Email = "m.durandeau@example.org";
    private const string Patient = "Durandeau";

    [Fact]
    public async Task A_gp_asks_a_network_anonymously_publishes_through_the_gate_a_reviewer_approves_and_another_gp_finds_it()
    {
        var gp = await NewPageAsync();
        await LogInWithEmailedCodeAsync(gp, "julie.petit@cabinet-demo.fr", DemoData.Password);
        await gp.GetByRole(AriaRole.Link, new() { Name = "Base de connaissances" }).ClickAsync();
        await gp.GetByRole(AriaRole.Link, new() { Name = "Poser une question à un réseau" }).ClickAsync();
        await gp.GetByTestId("network").SelectOptionAsync(new SelectOptionValue { Label = "Réseau de cardiologie (Cardiologie)" });
        await gp.GetByTestId("age-band").SelectOptionAsync(new SelectOptionValue { Label = "40–64 ans" });
        await gp.GetByTestId("sex").SelectOptionAsync(new SelectOptionValue { Label = "femme" });
        await gp.GetByLabel("Le cas et votre question").FillAsync(
            $"Mme {Patient}, NIR {Nir}, joignable au {Phone} ou {Email} : palpitations à l'effort, ECG de repos normal. Faut-il un Holter ?");
        await gp.GetByTestId("images").SetInputFilesAsync(new FilePayload { Name = $"{Patient}-ecg.png", MimeType = "image/png", Buffer = TestImages.Png($"{Patient} {Nir}") });
        await Assertions.Expect(gp.GetByTestId("images-picked")).ToContainTextAsync("1");
        await gp.ScreenshotAsync(new() { Path = Screenshot("knowledge-ask.png"), FullPage = true });
        await gp.GetByRole(AriaRole.Button, new() { Name = "Envoyer la question" }).ClickAsync();
        await Assertions.Expect(gp.GetByTestId("case-status")).ToHaveTextAsync("Posée");
        await Assertions.Expect(gp.GetByTestId("case-thread")).ToContainTextAsync("Faut-il un Holter ?");
        await Assertions.Expect(gp.GetByTestId("case-image")).ToHaveCountAsync(1);
        var caseUrl = gp.Url;

        // A cardiologist of the network answers; the network does not know who asked.
        var specialist = await NewPageAsync();
        await LogInWithEmailedCodeAsync(specialist, "claire.martin@hopital-demo.fr", DemoData.Password);
        await specialist.GotoAsync($"{Base}/knowledge/cases");
        await specialist.GetByTestId("network-cases").GetByRole(AriaRole.Link, new() { Name = "Ouvrir" }).First.ClickAsync();
        await Assertions.Expect(specialist.GetByTestId("asker")).ToHaveTextAsync("médecin demandeur (anonyme)");
        await Assertions.Expect(specialist.GetByTestId("case-thread")).ToContainTextAsync("palpitations à l'effort");
        var picture = specialist.GetByTestId("case-image");
        await Assertions.Expect(picture).ToHaveAttributeAsync("alt", "Image du cas");
        await picture.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(picture).ToHaveJSPropertyAsync("naturalWidth", 16); // decrypted and shown to a member of the network
        Assert.DoesNotContain(Patient, await picture.GetAttributeAsync("src") ?? "");
        await specialist.GetByTestId("case-reply").FillAsync("Oui : un Holter ECG de 24 heures, puis une épreuve d'effort si des extrasystoles apparaissent.");
        await specialist.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        await Assertions.Expect(specialist.GetByTestId("case-thread")).ToContainTextAsync("Holter ECG de 24 heures");
        Assert.DoesNotContain("Petit", await specialist.GetByTestId("case-thread").InnerTextAsync());
        await specialist.ScreenshotAsync(new() { Path = Screenshot("knowledge-answer.png"), FullPage = true });

        // The GP prepares the publication: the gate removes what identifies and says what.
        await gp.GotoAsync(caseUrl);
        await Assertions.Expect(gp.GetByTestId("case-thread")).ToContainTextAsync("Holter ECG de 24 heures");
        await gp.GetByTestId("patient-names").FillAsync(Patient);
        await gp.GetByRole(AriaRole.Button, new() { Name = "Préparer la publication" }).ClickAsync();
        var removed = gp.GetByTestId("removed");
        foreach (var kind in new[] { "name", "nir", "phone", "email" })
        {
            await Assertions.Expect(removed.Locator($"li[data-kind='{kind}']").First).ToBeVisibleAsync();
        }

        var question = await gp.GetByTestId("draft-question").InputValueAsync();
        foreach (var planted in new[] { Patient, Nir, Phone, Email })
        {
            Assert.DoesNotContain(planted, question);
        }

        Assert.Contains("[NIR]", question);
        await gp.GetByTestId("draft-summary").FillAsync("Palpitations d'effort avec ECG de repos normal : Holter de 24 heures, puis épreuve d'effort.");
        await gp.GetByTestId("draft-codes").FillAsync("R00.2, I49");
        await gp.ScreenshotAsync(new() { Path = Screenshot("knowledge-gate.png"), FullPage = true });
        await gp.GetByRole(AriaRole.Button, new() { Name = "Proposer à la relecture" }).ClickAsync();
        await Assertions.Expect(gp.GetByTestId("case-status")).ToHaveTextAsync("Proposée à la publication");

        // A reviewer of the network approves.
        var reviewer = await NewPageAsync();
        await LogInWithEmailedCodeAsync(reviewer, "louis.bernard@hopital-demo.fr", DemoData.Password);
        await reviewer.GotoAsync(caseUrl);
        await Assertions.Expect(reviewer.GetByTestId("proposal")).ToContainTextAsync("[NIR]");
        await reviewer.ScreenshotAsync(new() { Path = Screenshot("knowledge-review.png"), FullPage = true });
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Approuver et publier" }).ClickAsync();
        await Assertions.Expect(reviewer.GetByTestId("case-status")).ToHaveTextAsync("Publiée");

        // Another GP finds it by a word and a facet.
        var http = Factory.CreateClient();
        var other = await TestAccounts.RegisterAsync(http, null, "Garnier");
        await Factory.Cluster.GetGrain<IPractitionerStandingGrain>(other.Id).Validate(Caller.System("tests"));
        var reader = await NewPageAsync();
        await LogInWithEmailedCodeAsync(reader, other.Email, other.Password);
        await reader.GetByRole(AriaRole.Link, new() { Name = "Base de connaissances" }).ClickAsync();
        await Assertions.Expect(reader.GetByTestId("knowledge-results")).ToBeVisibleAsync(); // interactive: the page searched once
        await reader.GetByTestId("knowledge-words").FillAsync("holter");
        await reader.GetByRole(AriaRole.Button, new() { Name = "Chercher" }).ClickAsync();
        await Assertions.Expect(reader.GetByTestId("knowledge-hit")).ToHaveCountAsync(1);
        await reader.GetByTestId("facets").Locator("button[data-facet='chapter'][data-value='XVIII']").ClickAsync();
        await Assertions.Expect(reader.GetByTestId("facets").Locator("button[data-facet='chapter'][data-value='XVIII']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(reader.GetByTestId("knowledge-hit")).ToHaveCountAsync(1);
        await Assertions.Expect(reader.GetByTestId("knowledge-hit").Locator("mark").First).ToHaveTextAsync("Holter");
        await reader.ScreenshotAsync(new() { Path = Screenshot("knowledge-search.png"), FullPage = true });
        await reader.GetByTestId("knowledge-hit").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(reader.GetByTestId("published-answer")).ToContainTextAsync("Holter ECG de 24 heures");
        var page = await reader.ContentAsync();
        foreach (var planted in new[] { Patient, Nir, Phone, Email, "Petit", "Martin", "Bernard" })
        {
            Assert.DoesNotContain(planted, page);
        }

        await reader.ScreenshotAsync(new() { Path = Screenshot("knowledge-case.png"), FullPage = true });
    }

    [Fact]
    public async Task A_closed_consultation_goes_to_the_knowledge_base_when_both_doctors_consent_and_a_reviewer_approves()
    {
        // A GP and a cardiologist (new accounts) close a tele-expertise about Mme Durandeau.
        var requester = await TestSessions.ActiveAsync(Factory, "Garnier");
        var cardiologist = await TestSessions.ActiveAsync(Factory, "Lemoine");
        var id = await TestConsultations.RequestAsync(
            requester.Http, cardiologist.Account.Id, $"Mme {Patient} : palpitations à l'effort, ECG de repos normal. Faut-il un Holter ?",
            patient: new TestPatient(Patient, "Maryse", "1958-03-14", "Female"));
        Assert.True((await cardiologist.Http.PostAsync($"/api/v1/consultations/{id}/accept", null)).IsSuccessStatusCode);
        Assert.True((await cardiologist.Http.PostAsJsonAsync($"/api/v1/consultations/{id}/answer", new { opinion = $"Holter ECG de 24 heures pour Mme {Patient}, puis épreuve d'effort. Dr Lemoine.", actCode = "TE2" })).IsSuccessStatusCode);
        Assert.True((await requester.Http.PostAsync($"/api/v1/consultations/{id}/close", null)).IsSuccessStatusCode);

        // The GP proposes it from the consultation: the gate knows the patient and the doctors.
        var gp = await NewPageAsync();
        await LogInWithEmailedCodeAsync(gp, requester.Account.Email, requester.Account.Password);
        await gp.GotoAsync($"{Base}/consultations/{id}");
        await gp.GetByTestId("to-publication").ClickAsync();
        await Assertions.Expect(gp.GetByTestId("removed").Locator("li[data-kind='name']").First).ToBeVisibleAsync();
        foreach (var part in new[] { "draft-question", "draft-answer" })
        {
            var text = await gp.GetByTestId(part).InputValueAsync();
            Assert.DoesNotContain(Patient, text);
            Assert.DoesNotContain("Lemoine", text);
        }

        await gp.GetByTestId("network").SelectOptionAsync(new SelectOptionValue { Label = "Réseau de cardiologie (Cardiologie)" });
        await gp.GetByTestId("draft-summary").FillAsync("Palpitations d'effort, ECG de repos normal : Holter de 24 heures puis épreuve d'effort.");
        await gp.GetByTestId("draft-codes").FillAsync("R00.2");
        await gp.ScreenshotAsync(new() { Path = Screenshot("knowledge-publish-consultation.png"), FullPage = true });
        await gp.GetByTestId("submit-publication").ClickAsync();
        await Assertions.Expect(gp.GetByTestId("case-status")).ToHaveTextAsync("En attente d'accord");
        var caseUrl = gp.Url;
        Assert.EndsWith(ConsultationSubmission.CaseIdOf(id).ToString(), caseUrl);

        // The network sees nothing until the cardiologist consents to this very text.
        var reviewer = await NewPageAsync();
        await LogInWithEmailedCodeAsync(reviewer, "claire.martin@hopital-demo.fr", DemoData.Password); // the network's founder: Dr Bernard's copy of its keys waits for her session
        await reviewer.GotoAsync(caseUrl);
        await Assertions.Expect(reviewer.GetByTestId("case-error")).ToBeVisibleAsync();
        var answerer = await NewPageAsync();
        await LogInWithEmailedCodeAsync(answerer, cardiologist.Account.Email, cardiologist.Account.Password);
        await answerer.GotoAsync(caseUrl);
        await Assertions.Expect(answerer.GetByTestId("proposal")).ToContainTextAsync("Holter de 24 heures puis épreuve d'effort");
        await answerer.ScreenshotAsync(new() { Path = Screenshot("knowledge-consent.png"), FullPage = true });
        await answerer.GetByTestId("consent").ClickAsync();
        await Assertions.Expect(answerer.GetByTestId("case-status")).ToHaveTextAsync("Proposée à la publication");

        await reviewer.GotoAsync(caseUrl);
        await Assertions.Expect(reviewer.GetByTestId("proposal")).ToContainTextAsync("Holter");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Approuver et publier" }).ClickAsync();
        await Assertions.Expect(reviewer.GetByTestId("case-status")).ToHaveTextAsync("Publiée");
        await reviewer.GetByTestId("published-link").ClickAsync();
        var page = await reviewer.ContentAsync();
        foreach (var planted in new[] { Patient, "Maryse", "Garnier", "Lemoine", id.ToString() })
        {
            Assert.DoesNotContain(planted, page);
        }
    }
}
