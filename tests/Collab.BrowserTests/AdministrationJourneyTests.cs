using System.Net.Http.Json;
using Collab.Testing;
using Microsoft.Playwright;

namespace Collab.BrowserTests;

/// <summary>
/// A hospital service set up without curl: the operator opens a structure with its administrator, who builds a
/// service group from the directory; the members accept and read what is sent to the group; one removed reads no more.
/// </summary>
public sealed class AdministrationJourneyTests : BrowserTest
{
    [Fact]
    public async Task The_operator_opens_a_structure_whose_admin_builds_a_service_that_reads_requests_until_a_member_is_removed()
    {
        var op = await TestAccounts.OperatorAsync(Factory, Factory.CreateClient());
        var admin = await TestAccounts.ActiveAsync(Factory, Factory.CreateClient(), lastName: "Chefdeservice");
        var members = new[] { ("Cardiologue", "Médecin du groupe"), ("Rythmologue", "Médecin du groupe"), ("Secretaire", "Assistant·e") };
        var accounts = new Dictionary<string, TestAccount>();
        foreach (var (name, _) in members)
        {
            accounts[name] = await TestAccounts.ActiveAsync(Factory, Factory.CreateClient(), lastName: name);
        }

        // The operator creates the structure and names its first administrator by email.
        var operatorPage = await NewPageAsync();
        await LogInWithEmailedCodeAsync(operatorPage, op.Email, op.Password);
        await operatorPage.GotoAsync($"{Base}/admin/structures");
        await operatorPage.GetByLabel("Nom", new() { Exact = true }).FillAsync("Hôpital Nord");
        await operatorPage.GetByLabel("FINESS").FillAsync("750712185"); // a wrong key first
        await operatorPage.GetByLabel("Ville").FillAsync("Lille");
        await operatorPage.GetByLabel("E-mail du premier administrateur").FillAsync(admin.Email);
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "Créer la structure" }).ClickAsync();
        await Assertions.Expect(operatorPage.Locator("div.validation-message")).ToContainTextAsync("son dernier chiffre (la clé) ne correspond pas");
        await operatorPage.GetByLabel("FINESS").FillAsync("750712184");
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "Créer la structure" }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Heading, new() { Name = "Hôpital Nord" })).ToBeVisibleAsync();

        // Its administrator creates the cardiology service and invites three people found in the directory.
        var adminPage = await NewPageAsync();
        await LogInWithEmailedCodeAsync(adminPage, admin.Email, admin.Password);
        await adminPage.GotoAsync($"{Base}/admin/structures");
        await adminPage.GetByRole(AriaRole.Link, new() { Name = "Hôpital Nord" }).ClickAsync();
        await adminPage.GetByLabel("Nom du groupe").FillAsync("Cardiologie Nord");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Créer le groupe" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Heading, new() { Name = "Cardiologie Nord" })).ToBeVisibleAsync();
        var groupUrl = adminPage.Url;
        var group = Guid.Parse(groupUrl[(groupUrl.LastIndexOf('/') + 1)..]);
        foreach (var (name, role) in members)
        {
            await adminPage.GetByLabel("Nom d'un praticien").FillAsync(name);
            await adminPage.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
            var result = adminPage.GetByTestId("invite-results").GetByRole(AriaRole.Row).Filter(new() { HasText = name });
            await result.GetByLabel("Rôle").SelectOptionAsync(new SelectOptionValue { Label = role });
            await result.GetByRole(AriaRole.Button, new() { Name = "Inviter" }).ClickAsync();
            await Assertions.Expect(adminPage.GetByTestId("group-members")).ToContainTextAsync(name);
        }

        // Each accepts on their groups page; the administrator, who holds the keys, hands them over on sight.
        var pages = new Dictionary<string, IPage>();
        foreach (var (name, _) in members)
        {
            var page = pages[name] = await NewPageAsync();
            await LogInWithEmailedCodeAsync(page, accounts[name].Email, accounts[name].Password);
            await page.GotoAsync($"{Base}/groups");
            await page.GetByRole(AriaRole.Button, new() { Name = "Accepter l'invitation" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Cardiologie Nord" })).ToBeVisibleAsync();
        }

        await adminPage.GotoAsync(groupUrl);
        foreach (var (name, _) in members)
        {
            await Assertions.Expect(adminPage.GetByTestId("group-members").GetByRole(AriaRole.Row).Filter(new() { HasText = name })).ToContainTextAsync("membre");
        }

        // The service keeps its finished requests 120 days.
        await adminPage.GetByLabel("Jours de conservation après la fin d'une demande (8 à 7320)").FillAsync("120");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la durée" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByText("Les demandes terminées adressées au groupe sont conservées 120 jours")).ToBeVisibleAsync();

        // The first cardiologist becomes a group admin too (she can then hand the keys over herself).
        var cardiologist = adminPage.GetByTestId("group-members").GetByRole(AriaRole.Row).Filter(new() { HasText = "Cardiologue" });
        await cardiologist.GetByLabel("Rôle").SelectOptionAsync(new SelectOptionValue { Label = "Administrateur·rice du groupe" });
        await cardiologist.GetByRole(AriaRole.Button, new() { Name = "Changer" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("Modification enregistrée.");
        await Assertions.Expect(adminPage.GetByTestId("group-members").GetByRole(AriaRole.Row).Filter(new() { HasText = "Cardiologue" }).GetByLabel("Rôle")).ToHaveValueAsync("GroupAdmin");

        Directory.CreateDirectory(Screenshot(""));
        await adminPage.ScreenshotAsync(new() { Path = Screenshot("admin-group.png"), FullPage = true });

        // A general practitioner asks the service: all three read the question.
        var (_, gp) = await TestAccounts.LoggedInAsync(Factory, "Generaliste");
        var question = $"Souffle systolique à l'effort ? {Guid.NewGuid():N}";
        var consultation = await TestConsultations.RequestToGroupAsync(gp, group, question);
        foreach (var (name, _) in members)
        {
            await pages[name].GotoAsync($"{Base}/consultations/{consultation}");
            await Assertions.Expect(pages[name].GetByTestId("question")).ToHaveTextAsync(question);
        }

        // The administrator removes the second cardiologist, who reads nothing of the service any more.
        await adminPage.GetByTestId("group-members").GetByRole(AriaRole.Row).Filter(new() { HasText = "Rythmologue" })
            .GetByRole(AriaRole.Button, new() { Name = "Retirer" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByTestId("group-members")).Not.ToContainTextAsync("Rythmologue");
        var later = await TestConsultations.RequestToGroupAsync(gp, group, "Une autre question");
        var removed = pages["Rythmologue"];
        await removed.GotoAsync($"{Base}/consultations/{later}");
        await Assertions.Expect(removed.GetByRole(AriaRole.Alert)).ToContainTextAsync("Accès refusé");
        await Assertions.Expect(removed.GetByTestId("question")).ToHaveCountAsync(0);
        await pages["Cardiologue"].GotoAsync($"{Base}/consultations/{later}");
        await Assertions.Expect(pages["Cardiologue"].GetByTestId("question")).ToHaveTextAsync("Une autre question");

        await operatorPage.GotoAsync($"{Base}/admin/structures");
        await operatorPage.ScreenshotAsync(new() { Path = Screenshot("admin-structures.png"), FullPage = true });
        await adminPage.GotoAsync($"{Base}/admin/structures");
        await adminPage.GetByRole(AriaRole.Link, new() { Name = "Hôpital Nord" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByTestId("structure-groups")).ToContainTextAsync("Cardiologie Nord");
        await adminPage.ScreenshotAsync(new() { Path = Screenshot("admin-structure.png"), FullPage = true });

        // Its statistics: two requests received, a count too small to show.
        await adminPage.GetByRole(AriaRole.Link, new() { Name = "Statistiques" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByTestId("chart-months")).ToBeVisibleAsync();
        await Assertions.Expect(adminPage.GetByTestId("received-total")).ToHaveTextAsync("< 5");

        // Half a year of the service's activity in the index (metadata only), as the charts show it.
        var random = new Random(22);
        var now = Factory.Clock.GetUtcNow();
        for (var i = 0; i < 120; i++)
        {
            var requested = now.AddDays(-random.Next(1, 180)).AddHours(-random.Next(24));
            var hours = random.Next(10) < 8 ? random.NextDouble() * random.Next(2, 200) : (double?)null;
            var answered = hours is { } h ? $"'{requested.AddHours(h):O}'" : "NULL";
            await Factory.Database.ExecuteAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"INSERT INTO consultation_index (consultation_id, status, requester_id, required_group, updated_at, requested_at, answered_at, act_code, billing) VALUES ('{Guid.NewGuid()}', {(hours is null ? 2 : 5)}, '{Guid.NewGuid()}', '{group}', '{requested:O}', '{requested:O}', {answered}, {(hours is null ? "NULL" : "'TE2'")}, {(hours is null ? 0 : 1 + random.Next(2))})"));
        }

        await adminPage.ReloadAsync();
        await Assertions.Expect(adminPage.GetByTestId("received-total")).Not.ToHaveTextAsync("< 5");
        await adminPage.ScreenshotAsync(new() { Path = Screenshot("admin-statistics.png"), FullPage = true });
    }

    [Fact]
    public async Task A_structure_admin_suspends_reactivates_and_resets_the_password_of_a_member_from_the_structure_page()
    {
        var admin = await TestAccounts.ActiveAsync(Factory, Factory.CreateClient(), lastName: "Responsable");
        var structure = await TestAccounts.StructureAsync(Factory, admin.Id, "Clinique Sud");
        var member = await TestAccounts.ActiveAsync(Factory, Factory.CreateClient(), structure, "Oublieuse");

        var page = await NewPageAsync();
        await LogInWithEmailedCodeAsync(page, admin.Email, admin.Password);
        await page.GotoAsync($"{Base}/admin/structures/{structure}");
        var row = page.GetByTestId("structure-accounts").GetByRole(AriaRole.Row).Filter(new() { HasText = "Oublieuse" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Suspendre" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Suspendu");
        var suspended = await Factory.CreateClient().PostAsJsonAsync("/account/login", new { email = member.Email, password = member.Password });
        await row.GetByRole(AriaRole.Button, new() { Name = "Réactiver" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Actif");

        const string temporary = "provisoire du mardi 2026";
        await row.GetByLabel("Mot de passe provisoire").FillAsync(temporary);
        await row.GetByRole(AriaRole.Button, new() { Name = "Réinitialiser le mot de passe" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Modification enregistrée.");
        var withTemporary = await Factory.CreateClient().PostAsJsonAsync("/account/login", new { email = member.Email, password = temporary });

        // A second administrator, appointed by email and removed again.
        var deputy = await TestAccounts.ActiveAsync(Factory, Factory.CreateClient(), lastName: "Adjointe");
        await page.GetByLabel("E-mail du nouvel administrateur").FillAsync(deputy.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Nommer administrateur" }).ClickAsync();
        var deputyItem = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Adjointe" });
        await Assertions.Expect(deputyItem).ToBeVisibleAsync();
        await deputyItem.GetByRole(AriaRole.Button, new() { Name = "Retirer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Adjointe" })).ToHaveCountAsync(0);
        var withOld = await Factory.CreateClient().PostAsJsonAsync("/account/login", new { email = member.Email, password = member.Password });

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, suspended.StatusCode); // the right password, told the account is suspended
        Assert.True(withTemporary.IsSuccessStatusCode, await withTemporary.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, withOld.StatusCode);
    }
}
