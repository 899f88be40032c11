namespace Portal.Pages.Account;

public sealed class CheckEmailModel : PortalPage
{
    public bool MailFailed { get; private set; }

    public void OnGet() => MailFailed = TempData["MailFailed"] is true;
}
