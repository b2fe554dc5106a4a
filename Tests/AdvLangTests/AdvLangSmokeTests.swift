import XCTest
@testable import AdvLang
