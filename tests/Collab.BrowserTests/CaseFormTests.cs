using Collab.Testing;
using Collab.Web.Demo;
using Microsoft.Playwright;

namespace Collab.BrowserTests;

/// <summary>No silent failure on the forms of a case: long texts go through whole, Enter sends, a refusal is said.</summary>
public sealed class CaseFormTests() : BrowserTest(demo: true)
{
    [Fact]
    public async Task A_20000_character_context_is_stored_and_shown_whole_and_enter_sends_a_message()
    {
        var context = string.Concat(Enumerable.Repeat("Antécédents, traitements et examens : ", 600))[..20_000];
        var gp = await NewPageAsync();
        await LogInWithEmailedCodeAsync(gp, "julie.petit@cabinet-demo.fr", DemoData.Password);
        await gp.GotoAsync($"{Base}/consultations/new");
        await Assertions.Expect(gp.Locator("form[data-ready=true]")).ToBeVisibleAsync();
        await gp.GetByRole(AriaRole.Searchbox, new() { Name = "Destinataire (praticien ou service)" }).FillAsync("Cardiologie");
        await gp.GetByRole(AriaRole.Button, new() { Name = "Chercher" }).ClickAsync();
        await gp.GetByRole(AriaRole.Button, new() { Name = "Choisir Cardiologie", Exact = true }).ClickAsync();
        await gp.GetByLabel("Nom du patient", new() { Exact = true }).FillAsync("Longtexte");
        await gp.GetByLabel("Prénom du patient").FillAsync("Anne");
        await gp.GetByLabel("Date de naissance").FillAsync("1958-03-09");
        await gp.GetByLabel("NIR non disponible").CheckAsync();
        await gp.GetByLabel("Question posée").FillAsync("Faut-il une échographie ?");
        await gp.GetByLabel("Contexte clinique").FillAsync(context);
        await gp.GetByLabel("Le patient a été informé et consent au partage").CheckAsync();
        await gp.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync();
        await Assertions.Expect(gp.GetByTestId("status")).ToHaveTextAsync("Demandée");
        var shown = await gp.GetByTestId("description").InnerTextAsync();

        var message = gp.GetByLabel("Message", new() { Exact = true });
        await message.FillAsync("Première ligne");
        await message.PressAsync("Shift+Enter");
        await message.PressSequentiallyAsync("seconde ligne");
        var beforeEnter = await message.InputValueAsync();
        await message.PressAsync("Enter");

        Assert.Equal(context.Trim(), shown.Trim());
        Assert.Equal("Première ligne\nseconde ligne", beforeEnter);
        await Assertions.Expect(gp.GetByTestId("messages")).ToContainTextAsync("seconde ligne");
        await Assertions.Expect(message).ToHaveValueAsync("");
    }

    [Fact]
    public async Task A_pending_account_searching_for_a_recipient_is_told_why_and_the_page_stays_alive()
    {
        var pending = await TestAccounts.RegisterAsync(Factory.CreateClient(), lastName: "Attente");
        var page = await NewPageAsync();
        await LogInWithEmailedCodeAsync(page, pending.Email, pending.Password);
        await page.GotoAsync($"{Base}/consultations/new");
        await Assertions.Expect(page.Locator("form[data-ready=true]")).ToBeVisibleAsync();
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Destinataire (praticien ou service)" });

        await search.FillAsync("Cardiologie");
        await page.GetByRole(AriaRole.Button, new() { Name = "Chercher" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("search-error")).ToHaveTextAsync("Accès refusé.");
        await search.FillAsync("Martin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Chercher" }).ClickAsync(); // the circuit still answers

        await Assertions.Expect(page.GetByTestId("search-error")).ToHaveTextAsync("Accès refusé.");
        await Assertions.Expect(page.Locator("form[data-ready=true]")).ToBeVisibleAsync();
        Assert.DoesNotContain(Factory.Logs.Entries, e => e.Contains("Unhandled exception in circuit", StringComparison.Ordinal));
    }
}
