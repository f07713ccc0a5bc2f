using System.Text.Json;
using Collab.Testing;
using Collab.Web.Demo;
using Microsoft.Playwright;

namespace Collab.BrowserTests;

/// <summary>
/// The mistakes a clinician makes on the French UI — a wrong password, an empty registration, a wrong NIR, an
/// opinion or a reason left empty, a search before validation — and an API client that asks for French: every
/// message they get is collected, and none holds an English sentence.
/// </summary>
public sealed class FrenchMessagesTests() : BrowserTest(demo: true)
{
    private const string Messages = ".validation-message, .validation-errors li, [role=alert], .notice, [data-testid=search-error]";

    [Fact]
    public async Task Every_message_a_french_user_is_shown_after_a_mistake_is_in_french()
    {
        var collected = new List<string>();
        async Task CollectAsync(IPage page, string where, int atLeast = 1)
        {
            var texts = await page.Locator(Messages).AllInnerTextsAsync();
            Assert.True(texts.Count(t => t.Trim().Length > 0) >= atLeast, $"{where}: expected a message, got [{string.Join(" | ", texts)}]");
            collected.AddRange(texts.Where(t => t.Trim().Length > 0).Select(t => $"{where}: {t.Trim()}"));
        }

        var page = await NewPageAsync();
        await page.GotoAsync($"{Base}/login");
        await page.GetByLabel("E-mail professionnel").FillAsync("julie.petit@cabinet-demo.fr");
        await page.GetByLabel("Mot de passe").FillAsync("pas le bon mot de passe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await Assertions.Expect(page.Locator(Messages).First).ToBeVisibleAsync();
        await CollectAsync(page, "login");

        await page.GotoAsync($"{Base}/register");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        await Assertions.Expect(page.Locator(Messages).First).ToBeVisibleAsync();
        await CollectAsync(page, "register", atLeast: 3);
        await page.GetByLabel("Numéro RPPS ou ADELI").FillAsync("10003456780"); // a wrong Luhn digit
        await page.GetByLabel("E-mail professionnel").FillAsync("pas une adresse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-valmsg-for], .validation-message").First).ToBeVisibleAsync();
        await CollectAsync(page, "register again", atLeast: 2);

        var pending = await TestAccounts.RegisterAsync(Factory.CreateClient(), lastName: "Attente");
        await LogInWithEmailedCodeAsync(page, pending.Email, pending.Password);
        await page.GotoAsync($"{Base}/consultations/new");
        await Assertions.Expect(page.Locator("form[data-ready=true]")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Destinataire (praticien ou service)" }).FillAsync("Cardiologie");
        await page.GetByRole(AriaRole.Button, new() { Name = "Chercher" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("search-error")).ToBeVisibleAsync();
        await CollectAsync(page, "pending search");

        var gp = await NewPageAsync();
        await LogInWithEmailedCodeAsync(gp, "julie.petit@cabinet-demo.fr", DemoData.Password);
        await gp.GotoAsync($"{Base}/consultations/new");
        await Assertions.Expect(gp.Locator("form[data-ready=true]")).ToBeVisibleAsync();
        await gp.GetByLabel("NIR (numéro de sécurité sociale)").FillAsync("2690299350");
        await gp.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync();
        await Assertions.Expect(gp.Locator("[data-field=nir]")).ToBeVisibleAsync();
        await CollectAsync(gp, "new request", atLeast: 4);
        await gp.GetByLabel("NIR (numéro de sécurité sociale)").FillAsync("2690299350123 00"); // a wrong key
        await gp.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync();
        await Assertions.Expect(gp.Locator("[data-field=nir]")).ToContainTextAsync("clé");
        await CollectAsync(gp, "new request, wrong key");

        // An API client asking for French gets its problem details in French, field names unchanged.
        var refused = await gp.APIRequest.PostAsync($"{Base}/api/v1/consultations", new()
        {
            Headers = new Dictionary<string, string> { ["Accept-Language"] = "fr-FR,fr;q=0.9" },
            DataObject = new { patient = new { lastName = "Durand", birthDate = "1969-02-14", nir = "2690299350123 00" }, question = "", description = new string('x', 50_001) },
        });
        var problem = JsonDocument.Parse(await refused.TextAsync()).RootElement;
        Assert.Equal(400, refused.Status);
        collected.Add($"api title: {problem.GetProperty("title").GetString()}");
        collected.AddRange(problem.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(r => $"api {e.Name}: {r.GetString()}")));
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name == "description");

        Directory.CreateDirectory(Screenshot(""));
        await File.WriteAllLinesAsync(Screenshot("french-messages.txt"), collected); // what was read, for whoever looks
        Assert.True(collected.Count >= 12, string.Join("\n", collected));
        var english = collected.Where(m => EnglishText.WordsIn(m[(m.IndexOf(':', StringComparison.Ordinal) + 1)..]).Count > 0).ToList();
        Assert.True(english.Count == 0, "English on the French UI:\n" + string.Join("\n", english) + "\n\nAll collected:\n" + string.Join("\n", collected));
    }
}
