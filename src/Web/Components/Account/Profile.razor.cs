using Collab.Contracts.Errors;
using Collab.Web.Access;
using Collab.Web.Account;
using Collab.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Collab.Web.Components.Account;

/// <summary>
/// The holder's own profile: who they are (as registered, read only), how colleagues reach them (phone, specialty,
/// professional address, places of practice), and their choices: the directory's red list, notices by SMS, language.
/// </summary>
public partial class Profile
{
    [Inject] private AccountService Account { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromForm(FormName = "profile", Name = "Form")]
    private ProfileForm? PostedForm { get; set; }

    private ProfileForm Form => PostedForm ??= ProfileForm.Of(_profile!);

    [SupplyParameterFromForm(FormName = "red-list")] private bool RedList { get; set; }

    [SupplyParameterFromForm(FormName = "sms")] private bool Sms { get; set; }

    [SupplyParameterFromForm(FormName = "email-code", Name = "Code")]
    private CodeForm? PostedCode { get; set; }

    private CodeForm Code => PostedCode ??= new();

    [SupplyParameterFromForm(FormName = "email-change", Name = "NewEmail")]
    private EmailForm? PostedEmail { get; set; }

    private EmailForm NewEmail => PostedEmail ??= new();

    private EditContext _codeContext = null!;
    private ValidationMessageStore _codeErrors = null!;
    private EditContext _emailContext = null!;
    private ValidationMessageStore _emailErrors = null!;
    private string? _emailMessage;
    private bool _recent;

    private ProfileResponse? _profile;
    private EditContext _context = null!;
    private ValidationMessageStore _errors = null!;
    private bool _saved;

    private Contracts.Access.Caller Me => HttpCaller.From(HttpContext);

    protected override async Task OnInitializedAsync()
    {
        if (HttpContext.User.Identity?.IsAuthenticated != true)
        {
            Navigation.NavigateTo("/login");
            return;
        }

        _profile = await Account.OwnProfileAsync(Me);
        _context = new EditContext(Form);
        _errors = new ValidationMessageStore(_context);
        _codeContext = new EditContext(Code);
        _codeErrors = new ValidationMessageStore(_codeContext);
        _emailContext = new EditContext(NewEmail);
        _emailErrors = new ValidationMessageStore(_emailContext);
        _recent = Account.RecentlyAuthenticated(HttpContext);
    }

    // A new address: a code goes there; the address changes when it comes back (a password proved recently first).
    private async Task ChangeEmailAsync()
    {
        if (!_recent)
        {
            return;
        }

        try
        {
            await Account.BeginEmailChangeAsync(NewEmail.Email, Me);
            _profile = await Account.OwnProfileAsync(Me);
            _emailMessage = L["Profile.EmailCodeSent"];
        }
        catch (DomainException e)
        {
            FormErrors.Show(_emailContext, _emailErrors, e, L);
        }
    }

    private async Task ConfirmEmailAsync()
    {
        try
        {
            await Account.ConfirmEmailAsync(null, Code.Code, HttpContext);
            _profile = await Account.OwnProfileAsync(Me);
            _emailMessage = L["Profile.EmailDone"];
            PostedCode = new();
        }
        catch (DomainException e)
        {
            FormErrors.Show(_codeContext, _codeErrors, e, L);
        }
    }

    private async Task ResendAsync()
    {
        try
        {
            await Account.SendEmailProofAsync(Me);
            _emailMessage = L["Profile.EmailCodeSent"];
        }
        catch (DomainException e)
        {
            _emailMessage = ErrorText.Of(L, e);
        }
    }

    private async Task SaveAsync()
    {
        try
        {
            _profile = await Account.UpdateProfileAsync(new ProfileRequest(Form.Phone, Form.Specialty, Form.Address,
                (Form.Places ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)), Me);
            _saved = true;
        }
        catch (DomainException e)
        {
            FormErrors.Show(_context, _errors, e, L);
        }
    }

    private async Task SetRedListAsync()
    {
        await Account.SetRedListedAsync(RedList, Me);
        _profile = await Account.OwnProfileAsync(Me);
    }

    private async Task SetSmsAsync()
    {
        await Account.SetSmsNotificationsAsync(Sms, Me);
        _profile = await Account.OwnProfileAsync(Me);
    }

    private sealed class CodeForm
    {
        public string? Code { get; set; }
    }

    private sealed class EmailForm
    {
        public string? Email { get; set; }
    }

    private sealed class ProfileForm
    {
        public string? Phone { get; set; }
        public string? Specialty { get; set; }
        public string? Address { get; set; }
        public string? Places { get; set; }

        public static ProfileForm Of(ProfileResponse p) =>
            new() { Phone = p.Phone, Specialty = p.Specialty, Address = p.Address, Places = string.Join('\n', p.Places) };
    }
}
