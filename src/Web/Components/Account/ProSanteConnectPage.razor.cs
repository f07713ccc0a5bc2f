using Collab.Contracts.Directory;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Web.Account;
using Collab.Web.Components.Shared;
using Collab.Web.Directory;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Collab.Web.Components.Account;

/// <summary>
/// Back from Pro Santé Connect: the identity the card proved, then the password (which alone opens the holder's keys)
/// for a known RPPS/ADELI, or a registration prefilled with that identity and validated at once for a new one.
/// </summary>
public partial class ProSanteConnectPage
{
    [Inject] private AccountService Account { get; set; } = null!;

    [Inject] private DirectoryService Directory { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromForm(FormName = "psc-login", Name = "Login")]
    private LoginForm? PostedLogin { get; set; }

    private LoginForm Login => PostedLogin ??= new();

    [SupplyParameterFromForm(FormName = "psc-register", Name = "Registration")]
    private RegistrationForm? PostedRegistration { get; set; }

    private RegistrationForm Registration => PostedRegistration ??= new();

    private PscIdentity? _identity;
    private bool _existing;
    private IReadOnlyList<StructureEntry> _structures = [];
    private RegisteredResponse? _registered;
    private EditContext _loginContext = null!;
    private ValidationMessageStore _loginErrors = null!;
    private EditContext _registerContext = null!;
    private ValidationMessageStore _registerErrors = null!;

    protected override async Task OnInitializedAsync()
    {
        _loginContext = new EditContext(Login);
        _loginErrors = new ValidationMessageStore(_loginContext);
        _registerContext = new EditContext(Registration);
        _registerErrors = new ValidationMessageStore(_registerContext);
        _identity = await PscIdentity.OfAsync(HttpContext);
        if (_identity is not null)
        {
            _existing = await Account.AccountOfAsync(_identity) is not null;
            _structures = _existing ? [] : await Directory.StructuresAsync();
        }
    }

    private async Task LogInAsync()
    {
        try
        {
            await Account.LoginWithPscAsync(_identity!, Login.Password, HttpContext);
        }
        catch (DomainException e)
        {
            FormErrors.Show(_loginContext, _loginErrors, e, L);
            return;
        }

        Navigation.NavigateTo("/", forceLoad: true);
    }

    private async Task RegisterAsync()
    {
        try
        {
            _registered = await Account.RegisterWithPscAsync(new RegisterRequest(
                null, null, Registration.Profession.ToString(), null, Registration.Email, Registration.Phone, Registration.Specialty,
                Registration.Structure, Registration.Password, Registration.AcceptTerms), _identity!, HttpContext);
        }
        catch (DomainException e)
        {
            FormErrors.Show(_registerContext, _registerErrors, e, L);
        }
    }

    private sealed class LoginForm
    {
        public string? Password { get; set; }
    }

    private sealed class RegistrationForm
    {
        public Profession Profession { get; set; } = Profession.Physician;
        public string? Specialty { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public Guid? Structure { get; set; }
        public string? Password { get; set; }
        public bool AcceptTerms { get; set; }
    }
}
