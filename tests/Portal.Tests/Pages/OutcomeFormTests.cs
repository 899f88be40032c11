using System.Text.Json;
using Portal.Api;
using Portal.Pages.Referrals;

namespace Portal.Tests.Pages;

/// <summary>The provider's outcome form: plain-English checks first, then the Feedback API's body shape.</summary>
public sealed class OutcomeFormTests
{
    [Fact]
    public void Answers_are_sent_as_the_Feedback_API_takes_them()
    {
        var form = new OutcomeForm
        {
            Stage = "baseline", LifeSatisfaction = "4", Worthwhile = " 5", Happiness = "3", Anxiety = "11",
            Companionship = 3, LeftOut = 2, Isolated = 1,
        };

        var json = JsonSerializer.Serialize(form.ToAnswers(), ServiceClient.Json);

        Assert.Equal("""{"stage":"baseline","ons4":{"lifeSatisfaction":4,"worthwhile":5,"happiness":3,"anxiety":11},"loneliness":{"companionship":3,"leftOut":2,"isolated":1}}""", json);
    }

    [Fact]
    public void Missing_answers_are_named_per_question_and_ranges_are_left_to_the_service()
    {
        var page = new TestPage();
        new OutcomeForm { Stage = null, LifeSatisfaction = "", Worthwhile = "seven", Happiness = "3", Anxiety = "11", Companionship = 2 }
            .Validate(page);

        Assert.Equal(["stage", "ons4-lifeSatisfaction", "ons4-worthwhile", "loneliness-leftOut", "loneliness-isolated"],
            page.Errors.Select(e => e.InputId));
        Assert.Null(page.ErrorFor("ons4.anxiety"));
    }

    private sealed class TestPage : Portal.Pages.PortalPage;
}
