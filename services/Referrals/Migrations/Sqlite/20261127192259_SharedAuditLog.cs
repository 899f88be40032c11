using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReferralsService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SharedAuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
