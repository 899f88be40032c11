using Portal.Pages.Dev;

namespace Portal.Pages.Account;

public sealed class CheckEmailModel(IConfiguration configuration, IHostEnvironment environment) : PortalPage
{
    public bool MailFailed { get; private set; }

    /// <summary>This copy keeps its emails instead of sending them (the embedded default): the page says where to read them.</summary>
    public bool MailKept => MailModel.Available(configuration, environment);

    public void OnGet() => MailFailed = TempData["MailFailed"] is true;
}
