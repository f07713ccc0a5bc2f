using System.Globalization;
using Collab.Grains.Consultations;
using Collab.Web;
using Collab.Web.Demo;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace Collab.BrowserTests;

/// <summary>
/// A tele-expertise from request to report, in two browser contexts on the demo data: the GP Julie
/// Petit asks the demo cardiology service; Dr Claire Martin sees it arrive, accepts, they talk, she
/// answers; the GP downloads the PDF. Afterwards, nothing the clinicians wrote is readable in a
/// pg_dump of the database.
/// </summary>
public sealed class ConsultationJourneyTests() : BrowserTest(demo: true)
{
    // A 48×32 red PNG: an "ECG" to attach.
    private const string Image = "iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAANklEQVR4nO3OQQ0AAAgEIJPYP4qxbOH5YCMANd2vVHwgJCQklB4ICQkJpQdCQkJC6YGQkNCxBcrgGFt1WfHkAAAAAElFTkSuQmCC";

    [Fact]
    public async Task A_gp_asks_the_cardiology_service_and_downloads_the_report_of_the_answer()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var patientName = $"Canarynom{tag}";
        var question = $"Faut-il adresser en urgence ? question{tag}";
        var gpMessage = $"Voici le tracé de ce matin, message{tag}";
        var cardiologistMessage = $"Merci, est-il sous bêtabloquants ? reponse{tag}";
        var opinion = $"Pas d'urgence : Holter sous 15 jours. avis{tag}";
        var nir = ValidNir("2690299350");

        var gp = await NewPageAsync();
        await LogInWithEmailedCodeAsync(gp, "julie.petit@cabinet-demo.fr", DemoData.Password);
        var cardiologist = await NewPageAsync();
        await LogInWithEmailedCodeAsync(cardiologist, "claire.martin@hopital-demo.fr", DemoData.Password);
        await cardiologist.GotoAsync($"{Base}/consultations");
        await Assertions.Expect(cardiologist.Locator("[data-ready=true]")).ToBeVisibleAsync(); // the circuit is live
        await cardiologist.GetByRole(AriaRole.Button, new() { Name = "Mes groupes" }).ClickAsync();
        await Assertions.Expect(cardiologist.GetByRole(AriaRole.Button, new() { Name = "Mes groupes" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(cardiologist.GetByText("Aucune téléexpertise ici.")).ToBeVisibleAsync();

        // The GP writes the request, with an image, to the service found in the directory.
        await gp.GotoAsync($"{Base}/consultations/new");
        await Assertions.Expect(gp.Locator("form[data-ready=true]")).ToBeVisibleAsync();
        await gp.GetByRole(AriaRole.Searchbox, new() { Name = "Destinataire (praticien ou service)" }).FillAsync("Cardiologie");
        await gp.GetByRole(AriaRole.Button, new() { Name = "Chercher" }).ClickAsync();
        await gp.GetByRole(AriaRole.Button, new() { Name = "Choisir Cardiologie", Exact = true }).ClickAsync();
        await Assertions.Expect(gp.GetByTestId("addressee")).ToContainTextAsync("Cardiologie");
        await gp.GetByLabel("Nom du patient", new() { Exact = true }).FillAsync(patientName);
        await gp.GetByLabel("Prénom du patient").FillAsync("Jeanne");
        await gp.GetByLabel("Date de naissance").FillAsync("1969-02-14");
        await gp.GetByLabel("NIR (numéro de sécurité sociale)").FillAsync("2690299350");
        await gp.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync();
        await Assertions.Expect(gp.Locator("[data-field=nir]")).ToContainTextAsync("15"); // an incomplete NIR is refused, nothing is lost
        await gp.GetByLabel("NIR (numéro de sécurité sociale)").FillAsync(nir);
        await gp.GetByLabel("Question posée").FillAsync(question);
        await gp.GetByLabel("Contexte clinique").FillAsync("Palpitations depuis 3 semaines, ECG joint.");
        await gp.GetByLabel("Pièces jointes (images, PDF ; 20 Mo max. chacune)").SetInputFilesAsync(
            new FilePayload { Name = "ecg.png", MimeType = "image/png", Buffer = Convert.FromBase64String(Image) });
        await gp.GetByLabel("Le patient a été informé et consent au partage").CheckAsync();
        await gp.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync();
        await Assertions.Expect(gp.GetByTestId("status")).ToHaveTextAsync("Demandée");
        var consultation = gp.Url[(gp.Url.LastIndexOf('/') + 1)..];

        // The cardiologist's inbox shows it without a reload; she opens and accepts it.
        var row = cardiologist.Locator($"tr[data-consultation='{consultation}']");
        await Assertions.Expect(row).ToContainTextAsync("Demandée");
        await Assertions.Expect(row).ToContainTextAsync("Dr Julie Petit");
        await Assertions.Expect(row.GetByTestId("patient")).ToHaveTextAsync($"{patientName.ToUpper(CultureInfo.GetCultureInfo("fr-FR"))} Jeanne"); // opened in her session
        await Assertions.Expect(row.GetByTestId("question")).ToHaveTextAsync(question);
        await row.GetByTestId("patient").ClickAsync();
        await Assertions.Expect(cardiologist.GetByTestId("patient")).ToContainTextAsync(patientName.ToUpper(CultureInfo.GetCultureInfo("fr-FR")));
        await Assertions.Expect(cardiologist.Locator("img.preview")).ToHaveJSPropertyAsync("naturalWidth", 48); // the image, decrypted
        await cardiologist.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(cardiologist.GetByTestId("status")).ToHaveTextAsync("Acceptée");
        await Assertions.Expect(gp.GetByTestId("status")).ToHaveTextAsync("Acceptée");
        await Assertions.Expect(gp.GetByTestId("accepted-by")).ToHaveTextAsync("Dr Claire Martin");

        // They talk, live, both ways.
        await gp.GetByLabel("Message", new() { Exact = true }).FillAsync(gpMessage);
        await gp.GetByRole(AriaRole.Button, new() { Name = "Envoyer", Exact = true }).ClickAsync();
        await Assertions.Expect(cardiologist.GetByTestId("messages")).ToContainTextAsync(gpMessage);
        await cardiologist.GetByLabel("Message", new() { Exact = true }).FillAsync(cardiologistMessage);
        await cardiologist.GetByRole(AriaRole.Button, new() { Name = "Envoyer", Exact = true }).ClickAsync();
        await Assertions.Expect(gp.GetByTestId("messages")).ToContainTextAsync(cardiologistMessage);
        await Assertions.Expect(gp.GetByTestId("messages")).ToContainTextAsync("Vu par Dr Claire Martin"); // the read receipt of the GP's message

        // The cardiologist answers; the GP sees the opinion and downloads the report.
        await cardiologist.GetByLabel("Votre avis").FillAsync(opinion);
        await cardiologist.GetByLabel("Code acte").FillAsync("TE2");
        await cardiologist.GetByRole(AriaRole.Button, new() { Name = "Rendre l'avis" }).ClickAsync();
        await Assertions.Expect(gp.GetByTestId("opinion")).ToHaveTextAsync(opinion);
        await Assertions.Expect(cardiologist.GetByTestId("status")).ToHaveTextAsync("Avis rendu");
        await Assertions.Expect(gp.GetByTestId("billing")).ToHaveTextAsync("à facturer");
        await cardiologist.GetByRole(AriaRole.Button, new() { Name = "Marquer comme facturé" }).ClickAsync();
        await Assertions.Expect(gp.GetByTestId("billing")).ToHaveTextAsync("facturé");
        Directory.CreateDirectory(Screenshot(""));
        await gp.ScreenshotAsync(new() { Path = Screenshot("consultation-gp.png"), FullPage = true });
        await cardiologist.ScreenshotAsync(new() { Path = Screenshot("consultation-cardiologist.png"), FullPage = true });

        var download = await gp.RunAndWaitForDownloadAsync(() => gp.GetByTestId("report").ClickAsync());
        var path = Screenshot("report.pdf");
        await download.SaveAsAsync(path);
        using (var pdf = PdfDocument.Open(path))
        {
            var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
            Assert.Contains(patientName.ToUpper(CultureInfo.GetCultureInfo("fr-FR")), text, StringComparison.Ordinal);
            Assert.Contains(opinion, text, StringComparison.Ordinal);
            Assert.Contains("TE2", text, StringComparison.Ordinal);
            Assert.Contains("Hôpital Démo", text, StringComparison.Ordinal); // the answering service's letterhead
            Assert.Contains("RPPS 10003456786", text, StringComparison.Ordinal); // the expert, with her number
            Assert.Contains("RPPS 10000000017", text, StringComparison.Ordinal); // the requester
            Assert.Contains("Document généré par Collab pour Dr Julie Petit", text, StringComparison.Ordinal);
            Assert.Contains($"page {pdf.NumberOfPages}/{pdf.NumberOfPages}", text, StringComparison.Ordinal);
            Assert.DoesNotContain("factur", text, StringComparison.OrdinalIgnoreCase); // billing is not the record's business
            var image = Assert.Single(pdf.GetPages().SelectMany(p => p.GetImages()));
            Assert.Equal((48, 32), (image.WidthInSamples, image.HeightInSamples)); // the ECG shown, not named
        }

        Assert.Equal(1, await Factory.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_event WHERE object_id = '{consultation}' AND action = 'consultation.download.report'"));

        // The patient asks the GP for their data: found by NIR, exported as JSON (a traced access).
        await gp.GotoAsync($"{Base}/patients");
        await gp.Locator("input[name='Form.Nir']").FillAsync(nir);
        await gp.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        await Assertions.Expect(gp.GetByTestId("rights-found")).ToContainTextAsync(patientName);
        await gp.ScreenshotAsync(new() { Path = Screenshot("patients.png"), FullPage = true });
        var exportDownload = await gp.RunAndWaitForDownloadAsync(() => gp.GetByTestId("rights-export").ClickAsync());
        var exportPath = Screenshot("patient-export.json");
        await exportDownload.SaveAsAsync(exportPath);
        var exportJson = await File.ReadAllTextAsync(exportPath);
        Assert.Contains(question, exportJson, StringComparison.Ordinal);
        Assert.Contains(opinion, exportJson, StringComparison.Ordinal);

        // Nothing they wrote is readable at rest.
        var dump = await Factory.Database.DumpAsync();
        Assert.Contains(consultation, dump, StringComparison.Ordinal);
        foreach (var secret in new[] { patientName, nir, question, gpMessage, cardiologistMessage, opinion })
        {
            Assert.Empty(Collab.Testing.TestDatabase.FormsFoundIn(dump, secret));
        }

        // The operator asks who read it: both doctors, and the viewing itself is traced.
        var auditor = await NewPageAsync();
        await LogInWithEmailedCodeAsync(auditor, "operateur@collab.demo", DemoData.Password);
        await auditor.GotoAsync($"{Base}/admin/audit?consultation={consultation}");
        var readers = auditor.GetByTestId("readers");
        await Assertions.Expect(readers).ToContainTextAsync("Julie Petit");
        await Assertions.Expect(readers).ToContainTextAsync("Claire Martin");
        await auditor.ScreenshotAsync(new() { Path = Screenshot("audit-readers.png"), FullPage = true });
        Assert.True(await Factory.Database.ScalarAsync<long>("SELECT count(*) FROM audit_event WHERE action = 'audit.view'") >= 2); // readers and rows

        // The operator records a data breach and notifies the GP within the 48 hours.
        await auditor.GotoAsync($"{Base}/admin/breaches");
        var form = auditor.GetByTestId("breach-form");
        await form.Locator("textarea[name='PostedReport.What']").FillAsync("Export de journaux envoyé à un mauvais destinataire");
        var detected = UiCulture.Local(DateTimeOffset.UtcNow.AddHours(-3));
        await form.Locator("input[name='PostedReport.OccurredAt']").FillAsync(detected.AddHours(-1).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await form.Locator("input[name='PostedReport.DetectedAt']").FillAsync(detected.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await form.Locator("textarea[name='PostedReport.Data']").FillAsync("Adresses électroniques et adresses IP des comptes");
        await form.Locator("textarea[name='PostedReport.Cause']").FillAsync("Erreur de destinataire");
        await form.GetByRole(AriaRole.Button).ClickAsync();
        var breach = auditor.GetByTestId("breach").First;
        await Assertions.Expect(breach.GetByTestId("breach-deadline")).ToContainTextAsync("44 h");
        await breach.Locator("textarea[name='PostedNotice.Emails']").FillAsync("julie.petit@cabinet-demo.fr");
        await breach.GetByRole(AriaRole.Button, new() { Name = "Notifier" }).ClickAsync();
        await Assertions.Expect(auditor.GetByTestId("breach").First.GetByTestId("breach-notified")).ToHaveTextAsync("1");
        await auditor.ScreenshotAsync(new() { Path = Screenshot("breaches.png"), FullPage = true });
        Assert.Contains(Factory.Outbox.Messages, m => m.To == "julie.petit@cabinet-demo.fr" && m.Body.Contains("Erreur de destinataire", StringComparison.Ordinal));
    }

    // The 13-character body with the key that makes it valid.
    private static string ValidNir(string start)
    {
        var body = start + "123";
        return Enumerable.Range(1, 97).Select(k => body + k.ToString("D2", CultureInfo.InvariantCulture)).First(n => Nir.Problem(n) is null);
    }
}
