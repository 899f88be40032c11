using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FeedbackService.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InsightMonthlyRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "insight_month_missed_words",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    ward = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    word = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insight_month_missed_words", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "insight_month_referrals",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    by = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    service_id = table.Column<Guid>(type: "uuid", nullable: true),
                    team = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    requested = table.Column<int>(type: "integer", nullable: false),
                    accepted = table.Column<int>(type: "integer", nullable: false),
                    completed = table.Column<int>(type: "integer", nullable: false),
                    responded = table.Column<int>(type: "integer", nullable: false),
                    attended = table.Column<int>(type: "integer", nullable: false),
                    missed = table.Column<int>(type: "integer", nullable: false),
                    first_attended = table.Column<int>(type: "integer", nullable: false),
                    people = table.Column<int>(type: "integer", nullable: false),
                    ons4people = table.Column<int>(type: "integer", nullable: false),
                    ons4sum = table.Column<long>(type: "bigint", nullable: false),
                    ucla_people = table.Column<int>(type: "integer", nullable: false),
                    ucla_sum = table.Column<long>(type: "bigint", nullable: false),
                    responses = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insight_month_referrals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "insight_month_searches",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    ward = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    categories = table.Column<string>(type: "character varying(2100)", maxLength: 2100, nullable: false),
                    miss = table.Column<bool>(type: "boolean", nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insight_month_searches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "insight_rollup_months",
                columns: table => new
                {
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    changed = table.Column<Guid>(type: "uuid", nullable: false),
                    rolled_up = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insight_rollup_months", x => x.month);
                });

            migrationBuilder.CreateIndex(
                name: "ix_insight_month_missed_words_month",
                table: "insight_month_missed_words",
                column: "month");

            migrationBuilder.CreateIndex(
                name: "ix_insight_month_referrals_month_by",
                table: "insight_month_referrals",
                columns: new[] { "month", "by" });

            migrationBuilder.CreateIndex(
                name: "ix_insight_month_searches_month",
                table: "insight_month_searches",
                column: "month");

            // Every month there are rows for is marked as not yet rolled up (no RolledUp token), so the rollup sweep
            // works them all out at start and an existing system's long periods are right (and fast) from then on.
            migrationBuilder.Sql(@"
                INSERT INTO insight_rollup_months (month, changed)
                SELECT DISTINCT CAST(date_trunc('month', day) AS date), CAST('00000000-0000-0000-0000-000000000001' AS uuid)
                FROM (SELECT day FROM insight_referrals UNION SELECT day FROM insight_searches) AS days
                WHERE day > DATE '0001-01-01' AND day < DATE 'infinity';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "insight_month_missed_words");

            migrationBuilder.DropTable(
                name: "insight_month_referrals");

            migrationBuilder.DropTable(
                name: "insight_month_searches");

            migrationBuilder.DropTable(
                name: "insight_rollup_months");
        }
    }
}
